import { plainTextFromHtml } from './search-text.ts';

/** What a person's activity list shows: everything, the topics they opened, or their replies. */
export const activityKinds = ['all', 'topics', 'replies'] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** Position in a person's activity: the last post's creation time and id (ties broken by id). */
export type ActivityCursor = { createdAt: Date; id: number };

/** Encodes an activity cursor as an opaque URL-safe string. */
export function encodeActivityCursor(cursor: ActivityCursor): string {
  return Buffer.from(`activity|${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeActivityCursor`; anything else is `null`. */
export function decodeActivityCursor(raw: string): ActivityCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^activity\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,15})$/.exec(text);
  if (!match) return null;
  const createdAt = new Date(match[1]!);
  if (Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id: Number(match[2]) };
}

/**
 * A short plain-text excerpt of a post's sanitized HTML: no markup, whitespace collapsed, cut at
 * a word boundary near `maxLength` characters with "…" where it was cut. The HTML may itself be
 * cut short (the query reads only the start of long bodies); a tag cut in half is dropped.
 */
export function excerptFromHtml({ html, maxLength }: { html: string; maxLength: number }): string {
  const characters = Array.from(plainTextFromHtml(html));
  if (characters.length <= maxLength) return characters.join('');
  const cut = characters.slice(0, maxLength).join('');
  const lastSpace = cut.lastIndexOf(' ');
  // Back to the last space when it is not too far; long words and CJK text are cut where they reach the limit.
  const end = lastSpace >= cut.length / 2 ? lastSpace : cut.length;
  return `${cut.slice(0, end).replace(/[\s.,;:!?-]+$/u, '')}…`;
}
