import { randomUUID } from 'node:crypto';
import { Marked, type TokenizerAndRendererExtension } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Attributes, IOptions } from 'sanitize-html';

export { rendererVersion } from './renderer-version.ts';

/** The people a body may link by `@handle`: lower-case handle → user id. Handles not in it stay text. */
export type MentionLinks = ReadonlyMap<string, number>;

// One render at a time (rendering is synchronous), so these describe the render in progress.
let currentMentions: MentionLinks = new Map();
// A mention link carries this render's nonce until the sanitizer checks it: a `class="mention"`
// typed as raw HTML cannot guess it, so nobody can forge a mention of someone else.
let currentNonce = '';

const mentionAtStart = /^@([a-z0-9][a-z0-9_.-]{1,29})/i;
// What may not stand right before the `@` (as in extractMentions): a mention inside a word, an
// e-mail address or a path is not one.
const joinsWord = /[\w@/.-]$/;
const mentionStart = /(?:^|[^\w@/.-])@[a-z0-9]/i;

/** `@handle` of someone in `currentMentions`, outside code and links, as a link to their profile. */
const mentionExtension: TokenizerAndRendererExtension = {
  name: 'mention',
  level: 'inline',
  // Only where a mention can start, so the text before an e-mail address stays whole for GFM's
  // autolink.
  start(source) {
    const match = mentionStart.exec(source);
    return match ? match.index + match[0].length - 2 : undefined;
  },
  tokenizer(source, tokens) {
    if (this.lexer.state.inLink) return undefined;
    const match = mentionAtStart.exec(source);
    if (!match) return undefined;
    const before = tokens.at(-1)?.raw ?? '';
    if (joinsWord.test(before)) return undefined;
    // A trailing dot or hyphen is punctuation, not part of the handle ("thanks @ana.").
    const typed = match[1]!.replace(/[.-]+$/, '');
    const userId = currentMentions.get(typed.toLowerCase());
    if (userId === undefined) return undefined;
    return { type: 'mention', raw: `@${typed}`, typed, userId };
  },
  renderer(token) {
    // Handle characters need no escaping: [a-z0-9_.-] only.
    return `<a href="/people/${Number(token.userId)}" class="mention" data-mention="${currentNonce}">@${token.typed as string}</a>`;
  },
};

const EXTERNAL_LINK_REL = 'nofollow ugc noopener';

// Placeholder origin: an href that resolves back to it was relative.
const RELATIVE_BASE = new URL('https://relative.invalid/');

const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // Task-list checkboxes stay plain text; <input> is not on the allow-list.
    checkbox({ checked }) {
      return checked ? '[x] ' : '[ ] ';
    },
  },
  extensions: [mentionExtension],
});

function isRelativeUrl(href: string): boolean {
  try {
    return new URL(href, RELATIVE_BASE).origin === RELATIVE_BASE.origin;
  } catch {
    return false;
  }
}

const sanitizeOptions: IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote',
    'ul', 'ol', 'li', 'strong', 'em', 'del', 's', 'code', 'pre', 'a', 'img',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'kbd', 'details', 'summary',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'class'],
    img: ['src', 'alt', 'title'],
    th: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
    td: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
    code: ['class'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[a-z0-9_+-]+$/i], a: ['mention'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Images over HTTPS only: the pages' Content-Security-Policy (img-src 'self' https: data:) would block plain HTTP anyway.
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Runs before attribute filtering, so a user-supplied rel (e.g. "opener") must be replaced here.
    a(tagName, attribs) {
      const next: Attributes = { ...attribs };
      delete next.rel;
      if (currentNonce === '' || next['data-mention'] !== currentNonce || next.class !== 'mention') delete next.class;
      delete next['data-mention'];
      if (next.href !== undefined && !isRelativeUrl(next.href)) next.rel = EXTERNAL_LINK_REL;
      return { tagName, attribs: next };
    },
  },
};

/**
 * Renders user Markdown (GFM) to HTML that is safe to store and serve; raw HTML passes the same
 * allow-list. `@handle` of the people in `mentions` becomes a link to their profile.
 */
export function renderMarkdown(source: string, mentions: MentionLinks = new Map()): string {
  currentMentions = mentions;
  currentNonce = mentions.size > 0 ? randomUUID() : '';
  try {
    const html = markdown.parse(source, { async: false });
    return sanitizeHtml(html, sanitizeOptions);
  } finally {
    currentMentions = new Map();
    currentNonce = '';
  }
}
