/**
 * Position in a page of search results: the last result's score and id, and the moment the
 * first page was ranked at. Recency is measured from that moment on every page, so scores stay
 * comparable across pages and the keyset `(score, id) < (cursor.score, cursor.id)` is exact.
 */
export type SearchCursor = { score: number; id: number; rankedAt: Date };

/** Encodes a search cursor as an opaque URL-safe string. */
export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(`${cursor.score}|${cursor.id}|${cursor.rankedAt.toISOString()}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeSearchCursor`; anything else is `null`. */
export function decodeSearchCursor(raw: string): SearchCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^(\d+(?:\.\d+)?(?:e-?\d+)?)\|(\d{1,15})\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/.exec(text);
  if (!match) return null;
  const score = Number(match[1]);
  const rankedAt = new Date(match[3]!);
  if (!Number.isFinite(score) || Number.isNaN(rankedAt.getTime())) return null;
  return { score, id: Number(match[2]), rankedAt };
}
