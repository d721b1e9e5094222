/**
 * Text segmentation for full-text search, the same at write time and at query time.
 *
 * PostgreSQL's parser splits words at spaces and punctuation, which works for English but sees a
 * whole Chinese sentence (如何导出报表) as one word, so 导出 would never match it. Runs of CJK
 * characters (Han, Hiragana, Katakana, Hangul) are therefore rewritten before they reach
 * PostgreSQL: a document keeps every overlapping pair of characters (导出 出报 …) and every single
 * character, a query asks for the pairs only (or the character, for a one-character run). Other
 * text is left to PostgreSQL's `english` configuration, which stems it (exports → export).
 */

// ー (the katakana long vowel mark) belongs to no script of its own but lives inside katakana words.
const cjkRun = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]+/gu;

// What PostgreSQL's parser would otherwise take for letters (in a C locale every non-ASCII
// character is one): kept are letters, marks, digits and the joiners inside words, e-mails,
// versions and URLs.
const notWordCharacter = /[^\p{L}\p{M}\p{N}\s.\-_'@/:+#]/gu;
const notQueryCharacter = /[^\p{L}\p{M}\p{N}\s.\-_'@/:+#"]/gu;

function overlappingPairs(run: string): string[] {
  const characters = Array.from(run);
  const pairs: string[] = [];
  for (let index = 0; index + 1 < characters.length; index += 1) pairs.push(characters[index]! + characters[index + 1]!);
  return pairs;
}

function cjkDocumentTokens(run: string): string[] {
  const characters = Array.from(run);
  // Pairs first, so that consecutive pairs sit at consecutive positions and a quoted phrase
  // ("导出报表" → 导出 <-> 出报 <-> 报表) matches; single characters after them.
  return characters.length === 1 ? characters : [...overlappingPairs(run), ...characters];
}

function cjkQueryTokens(run: string): string[] {
  const characters = Array.from(run);
  return characters.length === 1 ? characters : overlappingPairs(run);
}

function segment(text: string, unwanted: RegExp, tokensOfRun: (run: string) => string[]): string {
  return text
    .normalize('NFKC')
    .replace(unwanted, ' ')
    .replace(cjkRun, (run) => ` ${tokensOfRun(run).join(' ')} `)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A document's text as it goes into `to_tsvector('english', …)`: CJK runs become their
 * overlapping pairs and single characters, punctuation becomes spaces, other words stay.
 */
export function segmentSearchDocument(text: string): string {
  return segment(text, notWordCharacter, cjkDocumentTokens);
}

/**
 * A search box's text as it goes into `websearch_to_tsquery('english', …)`: CJK runs become their
 * overlapping pairs (all required), quotes and `-` keep their web-search meaning.
 */
export function segmentSearchQuery(query: string): string {
  return segment(query, notQueryCharacter, cjkQueryTokens);
}

/**
 * The words a query highlights: each CJK run as a whole, and every other word in lower case
 * (matched as the start of a word, so "export" marks "exports").
 */
export function searchHighlightTerms(query: string): string[] {
  const normalized = query.normalize('NFKC').toLowerCase();
  const terms = new Set<string>();
  for (const match of normalized.matchAll(cjkRun)) terms.add(match[0]);
  for (const word of normalized.replace(cjkRun, ' ').split(/[^\p{L}\p{M}\p{N}]+/u)) {
    if (word.length >= 2 && word !== 'or') terms.add(word);
  }
  return [...terms];
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

// Tags that separate words; inline ones (strong, a, code …) vanish without a space: **CSV**.
const blockTag = /<\/?(?:p|div|br|hr|li|ul|ol|h[1-6]|pre|blockquote|table|thead|tbody|tr|td|th|details|summary|img)\b[^>]*>/gi;

/** The text of sanitized HTML: tags are dropped, entities decoded, whitespace collapsed. */
export function plainTextFromHtml(html: string): string {
  return html
    .replace(blockTag, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/<[^>]*$/, '')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return namedEntities[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matcherFor(terms: readonly string[]): RegExp | null {
  const parts = [...terms]
    .filter((term) => term.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((term) => {
      const escaped = escapeRegExp(term);
      // A CJK run matches anywhere; a word matches at the start of a word, to the word's end.
      return /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]+$/u.test(term)
        ? escaped
        : `(?<![\\p{L}\\p{M}\\p{N}])${escaped}[\\p{L}\\p{M}\\p{N}]*`;
    });
  return parts.length === 0 ? null : new RegExp(parts.join('|'), 'giu');
}

/**
 * Safe HTML for a search result: the text is escaped first, then each match of `terms` is
 * wrapped in `<mark>`; nothing else of the text can become markup. With `maxLength`, a window
 * of about that many characters around the first match, with "…" where it was cut.
 */
export function highlightSearchText({ text, terms, maxLength }: { text: string; terms: readonly string[]; maxLength?: number }): string {
  const matcher = matcherFor(terms);
  const matches = matcher ? [...text.matchAll(matcher)] : [];
  let start = 0;
  let end = text.length;
  if (maxLength !== undefined && text.length > maxLength) {
    const first = matches[0]?.index ?? 0;
    start = Math.max(0, first - Math.floor(maxLength / 3));
    // Start at a word boundary when there is one close by.
    const space = text.indexOf(' ', start);
    if (start > 0 && space !== -1 && space < first && space - start < 20) start = space + 1;
    end = Math.min(text.length, start + maxLength);
    const lastSpace = text.lastIndexOf(' ', end);
    if (end < text.length && lastSpace > start + maxLength / 2) end = lastSpace;
  }
  let html = start > 0 ? '…' : '';
  let position = start;
  for (const match of matches) {
    const from = match.index;
    const to = from + match[0].length;
    if (to <= start) continue;
    if (from >= end) break;
    const markFrom = Math.max(from, start);
    const markTo = Math.min(to, end);
    html += escapeHtml(text.slice(position, markFrom)) + '<mark>' + escapeHtml(text.slice(markFrom, markTo)) + '</mark>';
    position = markTo;
  }
  html += escapeHtml(text.slice(position, end));
  if (end < text.length) html += '…';
  return html;
}
