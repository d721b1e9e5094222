import { describe, expect, it } from 'vitest';
import { countsInOrder, groupHits } from './batched-hits.ts';

describe('groupHits', () => {
  it('counts each key once, in key order, with its first window', () => {
    expect(groupHits([
      { key: 'b', windowMs: 60_000 },
      { key: 'a', windowMs: 1_000 },
      { key: 'b', windowMs: 5 },
    ])).toEqual([
      { key: 'a', windowMs: 1_000, hits: 1 },
      { key: 'b', windowMs: 60_000, hits: 2 },
    ]);
  });

  it('gives nothing for no hits', () => {
    expect(groupHits([])).toEqual([]);
  });
});

describe('countsInOrder', () => {
  it('numbers the hits of a key up to its total, in the order they came', () => {
    const hits = [{ key: 'b', windowMs: 1 }, { key: 'a', windowMs: 1 }, { key: 'b', windowMs: 1 }, { key: 'b', windowMs: 1 }];
    const totals = new Map([
      ['a', { total: 1, hits: 1 }],
      // b had 4 before this batch.
      ['b', { total: 7, hits: 3 }],
    ]);
    expect(countsInOrder(hits, totals)).toEqual([5, 1, 6, 7]);
  });

  it('refuses a key the statement did not count', () => {
    expect(() => countsInOrder([{ key: 'x', windowMs: 1 }], new Map())).toThrow(/x/);
  });
});
