import { describe, expect, it } from 'vitest';
import { decodeTopicCursor, encodeTopicCursor } from './topic-cursor.ts';

describe('topic cursor', () => {
  it('round-trips a position', () => {
    const cursor = { createdAt: new Date('2026-03-01T08:30:00.123Z'), id: 42 };
    expect(decodeTopicCursor(encodeTopicCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'not-a-cursor', Buffer.from('2026-13-99|x').toString('base64url'), Buffer.from('2026-03-01T08:30:00.123Z|1e5').toString('base64url')])(
    'rejects %j',
    (raw) => {
      expect(decodeTopicCursor(raw)).toBeNull();
    },
  );
});
