/** One line of a line diff: kept from both sides, only in the newer text, or only in the older. */
export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/** Splits text into lines, treating \r\n and \n alike; empty text has no lines. */
function linesOf(text: string): string[] {
  return text === '' ? [] : text.replace(/\r\n?/g, '\n').split('\n');
}

/**
 * A line diff of `before` → `after` by longest common subsequence: every line of both texts
 * appears once, in order; removals come before additions at the same place.
 */
export function diffLines({ before, after }: { before: string; after: string }): DiffLine[] {
  const a = linesOf(before);
  const b = linesOf(after);
  // Trim the common head and tail first: edits are usually small, and the table stays small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);

  // lcs[i][j]: length of the LCS of midA[i..] and midB[j..].
  const rows = midA.length + 1;
  const cols = midB.length + 1;
  const lcs = new Uint32Array(rows * cols);
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        midA[i] === midB[j] ? lcs[(i + 1) * cols + j + 1]! + 1 : Math.max(lcs[(i + 1) * cols + j]!, lcs[i * cols + j + 1]!);
    }
  }

  const result: DiffLine[] = a.slice(0, head).map((text) => ({ kind: 'same', text }));
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      result.push({ kind: 'same', text: midA[i]! });
      i++;
      j++;
    } else if (j >= midB.length || (i < midA.length && lcs[(i + 1) * cols + j]! >= lcs[i * cols + j + 1]!)) {
      result.push({ kind: 'removed', text: midA[i]! });
      i++;
    } else {
      result.push({ kind: 'added', text: midB[j]! });
      j++;
    }
  }
  for (const text of a.slice(a.length - tail)) result.push({ kind: 'same', text });
  return result;
}
