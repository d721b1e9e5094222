import { describe, expect, it } from 'vitest';
import { decodeTopicCursor, encodeTopicCursor } from './topic-cursor.ts';

describe('topic cursor', () => {
  it('round-trips a newest-first position', () => {
    const cursor = { sort: 'newest' as const, createdAt: new Date('2026-03-01T08:30:00.123Z'), id: 42 };
    expect(decodeTopicCursor(encodeTopicCursor(cursor))).toEqual(cursor);
  });

  it('round-trips a most-voted position', () => {
    const cursor = { sort: 'votes' as const, createdAt: new Date('2026-03-01T08:30:00.123Z'), id: 7, voteCount: 12 };
    expect(decodeTopicCursor(encodeTopicCursor(cursor), 'votes')).toEqual(cursor);
  });

  it('refuses a cursor made for another order', () => {
    const cursor = { sort: 'votes' as const, createdAt: new Date('2026-03-01T08:30:00.123Z'), id: 7, voteCount: 1 };
    expect(decodeTopicCursor(encodeTopicCursor(cursor), 'newest')).toBeNull();
  });

  it.each([
    '',
    'not-a-cursor',
    Buffer.from('newest|2026-13-99|x').toString('base64url'),
    Buffer.from('newest|2026-03-01T08:30:00.123Z|1e5').toString('base64url'),
    Buffer.from('newest|2026-03-01T08:30:00.123Z|1|5').toString('base64url'),
  ])('rejects %j', (raw) => {
    expect(decodeTopicCursor(raw)).toBeNull();
  });
});
