/** The longest text after `@` that is looked up (handles are at most 30 characters). */
export const maxMentionQueryLength = 30;

/** An `@prefix` being typed: `query` is the text after `@`, `start` the index of `@`, `end` the caret. */
export type MentionQuery = { query: string; start: number; end: number };

// What may follow `@` while typing: handle characters, and letters and digits of any script, so
// `@李` finds 李雷 by name (picking then writes their handle). It starts with a letter or digit.
const queryBeforeCaret = /(?:^|[^\w@/.-])@([\p{L}\p{N}][\p{L}\p{N}_.-]*)$/u;
const fence = /^ {0,3}(```|~~~)/;

function insideCode(textBeforeCaret: string): boolean {
  const lines = textBeforeCaret.split('\n');
  const currentLine = lines.at(-1)!;
  const fencesBefore = lines.slice(0, -1).filter((line) => fence.test(line)).length;
  if (fencesBefore % 2 === 1) return true;
  // An unclosed backtick run on this line: inline code.
  return (currentLine.match(/`+/g) ?? []).length % 2 === 1;
}

/**
 * The `@prefix` just before the caret, if the person is typing a mention: `@` at the start of the
 * text or after a character that cannot be part of a handle or an e-mail address (the rule of
 * `extractMentions`), then one or more characters, and not inside code. Null otherwise.
 */
export function findMentionQuery({ text, caret }: { text: string; caret: number }): MentionQuery | null {
  if (caret < 2 || caret > text.length) return null;
  const before = text.slice(0, caret);
  const match = queryBeforeCaret.exec(before);
  if (!match) return null;
  const query = match[1]!;
  if (query.length > maxMentionQueryLength) return null;
  const start = caret - query.length - 1;
  if (insideCode(text.slice(0, start))) return null;
  return { query, start, end: caret };
}

/**
 * The text after picking `handle` for the mention being typed: the `@prefix` before the caret
 * becomes `@handle ` and the caret goes after the space. Text after the caret stays as it was
 * (even a word typed right against it); a space already there is reused rather than doubled.
 */
export function completeMention({ text, mention, handle }: { text: string; mention: MentionQuery; handle: string }): {
  text: string;
  caret: number;
} {
  const after = text.slice(mention.end);
  const mentionText = `@${handle} `;
  const completed = text.slice(0, mention.start) + mentionText + (after.startsWith(' ') ? after.slice(1) : after);
  return { text: completed, caret: mention.start + mentionText.length };
}
