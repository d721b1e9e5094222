import { describe, expect, it } from 'vitest';
import { diffLines, type DiffLine } from './line-diff.ts';

const same = (text: string): DiffLine => ({ kind: 'same', text });
const added = (text: string): DiffLine => ({ kind: 'added', text });
const removed = (text: string): DiffLine => ({ kind: 'removed', text });

describe('diffLines', () => {
  it.each<[string, string, string, DiffLine[]]>([
    ['two empty texts', '', '', []],
    ['a first version', '', 'a\nb', [added('a'), added('b')]],
    ['everything removed', 'a\nb', '', [removed('a'), removed('b')]],
    ['no change', 'a\nb', 'a\nb', [same('a'), same('b')]],
    ['a changed middle line', 'a\nb\nc', 'a\nB\nc', [same('a'), removed('b'), added('B'), same('c')]],
    ['a line appended', 'a\nb', 'a\nb\nc', [same('a'), same('b'), added('c')]],
    ['a line prepended', 'b\nc', 'a\nb\nc', [added('a'), same('b'), same('c')]],
    ['a line dropped', 'a\nb\nc', 'a\nc', [same('a'), removed('b'), same('c')]],
    ['CRLF and LF alike', 'a\r\nb', 'a\nb', [same('a'), same('b')]],
    [
      'the longest common lines kept',
      'x\na\nb\nc\ny',
      'a\nz\nb\nc',
      [removed('x'), same('a'), added('z'), same('b'), same('c'), removed('y')],
    ],
    ['repeated lines', 'a\na\nb', 'a\nb\nb', [same('a'), removed('a'), added('b'), same('b')]],
  ])('diffs %s', (_name, before, after, expected) => {
    expect(diffLines({ before, after })).toEqual(expected);
  });

  it('keeps every line of both sides, in order', () => {
    const before = 'one\ntwo\nthree\nfour\nfive';
    const after = 'zero\none\nthree\nfour!\nfive\nsix';
    const diff = diffLines({ before, after });
    expect(diff.filter((l) => l.kind !== 'added').map((l) => l.text).join('\n')).toBe(before);
    expect(diff.filter((l) => l.kind !== 'removed').map((l) => l.text).join('\n')).toBe(after);
  });
});
