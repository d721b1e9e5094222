import { describe, expect, it } from 'vitest';
import { parseSqlmapOutput } from './sqlmap-output.ts';

// Excerpts of sqlmap 1.7's console output (our own runs against the forum).
const title = "(custom) POST parameter 'JSON #1*'";
const body = "(custom) POST parameter 'JSON #2*'";
const candidate = `[12:56:19] [INFO] testing for SQL injection on ${title}
[12:56:20] [INFO] ${title} appears to be 'AND boolean-based blind - WHERE or HAVING clause' injectable
[12:56:22] [INFO] checking if the injection point on ${title} is a false positive`;

describe('parseSqlmapOutput', () => {
  it("does not count a candidate that sqlmap's own check rejected as a false positive", () => {
    const parsed = parseSqlmapOutput(`${candidate}
[12:56:22] [WARNING] false positive or unexploitable injection point detected
[12:56:22] [WARNING] ${title} does not seem to be injectable
[12:56:22] [INFO] testing for SQL injection on ${body}
[12:56:30] [WARNING] ${body} does not seem to be injectable
[12:56:32] [ERROR] all tested parameters do not appear to be injectable. Try to increase values for '--level'/'--risk' options`);
    expect(parsed.injectable).toEqual([]);
    expect(parsed.falsePositives).toEqual([title]);
    expect(parsed.tested).toEqual([title, body]);
    expect(parsed.allClean).toBe(true);
    expect(parsed.critical).toEqual([]);
  });

  it('counts a candidate that held as injectable', () => {
    const parsed = parseSqlmapOutput(`${candidate}
${title} is vulnerable. Do you want to keep testing the others (if any)? [y/N] N
sqlmap identified the following injection point(s) with a total of 57 HTTP(s) requests:`);
    expect(parsed.injectable).toEqual([title]);
    expect(parsed.falsePositives).toEqual([]);
    expect(parsed.identified).toBe(true);
    expect(parsed.reportedRequests).toBe('57');
  });

  it('keeps a candidate injectable when sqlmap gave no verdict on it (a run cut short)', () => {
    const parsed = parseSqlmapOutput(candidate);
    expect(parsed.injectable).toEqual([title]);
    expect(parsed.allClean).toBe(false);
  });
});
