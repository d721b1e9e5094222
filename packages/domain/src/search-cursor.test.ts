import { describe, expect, it } from 'vitest';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor.ts';

describe('search cursor', () => {
  it.each([
    { score: 0.0607927106320858, id: 42, rankedAt: new Date('2026-11-26T10:00:00.000Z') },
    { score: 0, id: 1, rankedAt: new Date('2026-01-01T00:00:00.000Z') },
    { score: 1.5e-7, id: 999999, rankedAt: new Date('2026-01-01T00:00:00.000Z') },
  ])('round-trips $score', (cursor) => {
    expect(decodeSearchCursor(encodeSearchCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'garbage', Buffer.from('1|x|2026').toString('base64url'), Buffer.from('-1|2|2026-01-01T00:00:00.000Z').toString('base64url')])(
    'rejects %j',
    (raw) => {
      expect(decodeSearchCursor(raw)).toBeNull();
    },
  );
});
