/** How a board list is ordered. */
export const topicSorts = ['newest', 'votes'] as const;
export type TopicSort = (typeof topicSorts)[number];

/**
 * Position in a list: the last item's sort key, creation time and id (ties broken by id).
 * `voteCount` is present for the "most voted" order.
 */
export type TopicCursor = { sort: TopicSort; createdAt: Date; id: number; voteCount?: number };

/** Encodes a keyset cursor as an opaque URL-safe string. */
export function encodeTopicCursor(cursor: TopicCursor): string {
  const parts = [cursor.sort, cursor.createdAt.toISOString(), String(cursor.id)];
  if (cursor.sort === 'votes') parts.push(String(cursor.voteCount ?? 0));
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeTopicCursor` for `sort`; anything else is `null`. */
export function decodeTopicCursor(raw: string, sort: TopicSort = 'newest'): TopicCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^(newest|votes)\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,15})(?:\|(\d{1,9}))?$/.exec(text);
  if (!match || match[1] !== sort) return null;
  if ((sort === 'votes') !== (match[4] !== undefined)) return null;
  const createdAt = new Date(match[2]!);
  if (Number.isNaN(createdAt.getTime())) return null;
  return { sort, createdAt, id: Number(match[3]), ...(sort === 'votes' ? { voteCount: Number(match[4]) } : {}) };
}
