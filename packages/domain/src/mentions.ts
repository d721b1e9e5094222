/** A handle: what people type after `@` to mention someone. Lower case, 2–30 characters. */
export const handlePattern = /^[a-z0-9][a-z0-9_.-]{1,29}$/;

/** At most this many people are notified per post, so a post cannot page the whole forum. */
export const maxMentionsPerPost = 10;

const codeBlock = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(\n\2[^\n]*(?=\n|$)|$)/g;
const indentedCode = /(^|\n)(?: {4}|\t)[^\n]*/g;
const inlineCode = /(`+)[\s\S]*?\1/g;
const mention = /(^|[^\w@/.-])@([a-z0-9][a-z0-9_.-]{1,29})/gi;

/**
 * The handles mentioned in a Markdown body, lower-cased, first mention first, without repeats and
 * at most `maxMentionsPerPost`. Mentions inside code, e-mail addresses and URLs do not count.
 */
export function extractMentions(markdown: string): string[] {
  const prose = markdown.replace(codeBlock, '$1').replace(indentedCode, '$1').replace(inlineCode, ' ');
  const handles: string[] = [];
  for (const match of prose.matchAll(mention)) {
    // A trailing dot or hyphen is punctuation, not part of the handle ("thanks @ana.").
    const handle = match[2]!.toLowerCase().replace(/[.-]+$/, '');
    if (!handlePattern.test(handle) || handles.includes(handle)) continue;
    handles.push(handle);
    if (handles.length === maxMentionsPerPost) break;
  }
  return handles;
}

/**
 * A handle proposal from a display name: ASCII letters and digits joined by dots ("Ana Lima" →
 * "ana.lima"); names without any ("李雷") fall back to "member". Uniqueness is the caller's job
 * (see `handleCandidates`).
 */
export function handleFromDisplayName(displayName: string): string {
  const base = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('.')
    .slice(0, 24)
    .replace(/[.]+$/, '');
  return base.length >= 2 ? base : 'member';
}

/** Handles to try in order until one is free: the base, then base2, base3, … */
export function handleCandidates(base: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? base : `${base}${i + 1}`));
}
