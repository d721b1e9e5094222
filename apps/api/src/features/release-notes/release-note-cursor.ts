/** Position in the newest-first list of notes: the last note's sort time and id. */
export type ReleaseNoteCursor = { sortedAt: Date; id: number };

/** Encodes a keyset cursor as an opaque URL-safe string. */
export function encodeReleaseNoteCursor(cursor: ReleaseNoteCursor): string {
  return Buffer.from(`rn|${cursor.sortedAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeReleaseNoteCursor`; anything else is `null`. */
export function decodeReleaseNoteCursor(raw: string): ReleaseNoteCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^rn\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,15})$/.exec(text);
  if (!match) return null;
  const sortedAt = new Date(match[1]!);
  if (Number.isNaN(sortedAt.getTime())) return null;
  return { sortedAt, id: Number(match[2]) };
}
