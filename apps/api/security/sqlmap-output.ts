/** How sqlmap names a parameter in its log: `(custom) POST parameter 'JSON #1*'`, `GET parameter 'q'`. */
const placeParameter = String.raw`((?:\(custom\) )?(?:GET|POST|PUT|PATCH|URI|Cookie|User-Agent|Referer) parameter '[^']+')`;

/**
 * What sqlmap's console output says about one target: the parameters it tested, those it found
 * injectable, and the signs that a clean verdict proves little (unstable answers, errors).
 *
 * A parameter that "appears to be injectable" is only a candidate: sqlmap then checks it for a
 * false positive, and says "is vulnerable" if it holds, or "does not seem to be injectable" if it
 * does not. Such a rejected candidate is listed in `falsePositives`, not in `injectable`; one with
 * no verdict after it stays injectable.
 */
export function parseSqlmapOutput(output: string) {
  const all = (pattern: string) => [...output.matchAll(new RegExp(pattern, 'gm'))].map((m) => m[1]!);
  const unique = (values: string[]) => [...new Set(values)];
  const notInjectable = new Set(all(`${placeParameter} does not seem to be injectable`));
  const checkedForFalsePositive = new Set(all(`checking if the injection point on ${placeParameter} is a false positive`));
  const candidates = unique(all(`${placeParameter} (?:is|appears to be) '[^']+' injectable`));
  const falsePositives = candidates.filter((parameter) => checkedForFalsePositive.has(parameter) && notInjectable.has(parameter));
  return {
    tested: unique([...all(`testing if ${placeParameter} is dynamic`), ...all(`testing for SQL injection on ${placeParameter}`), ...notInjectable]),
    injectable: unique([...candidates.filter((parameter) => !falsePositives.includes(parameter)), ...all(`${placeParameter} is vulnerable`)]),
    falsePositives,
    reportedRequests: /with a total of (\d+) HTTP\(s\) requests/.exec(output)?.[1],
    identified: /sqlmap identified the following injection point/.test(output),
    allClean: /all tested parameters do not appear to be injectable/.test(output),
    heuristicHits: unique(all(`heuristic \\(basic\\) test shows that ${placeParameter} might be injectable`)),
    unstable: /target URL content is not stable/.test(output),
    critical: all(String.raw`\[(?:CRITICAL|ERROR)\] (.+)`).filter((line) => !line.includes('all tested parameters do not appear')),
  };
}
