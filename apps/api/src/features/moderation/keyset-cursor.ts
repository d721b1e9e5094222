/** Position in a list ordered by (createdAt, id): the last item seen. */
export type KeysetCursor = { createdAt: Date; id: number };

/** Encodes a keyset cursor as an opaque URL-safe string. */
export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeKeysetCursor`; anything else is `null`. */
export function decodeKeysetCursor(raw: string): KeysetCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,15})$/.exec(text);
  if (!match) return null;
  const createdAt = new Date(match[1]!);
  if (Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id: Number(match[2]) };
}
