import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Attributes, IOptions } from 'sanitize-html';

/** Bump whenever the rendered output for the same Markdown changes, so stored HTML can be re-rendered. */
export const rendererVersion = 2;

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
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    th: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
    td: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
    code: ['class'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[a-z0-9_+-]+$/i] },
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
      if (next.href !== undefined && !isRelativeUrl(next.href)) next.rel = EXTERNAL_LINK_REL;
      return { tagName, attribs: next };
    },
  },
};

/** Renders user Markdown (GFM) to HTML that is safe to store and serve; raw HTML passes the same allow-list. */
export function renderMarkdown(source: string): string {
  const html = markdown.parse(source, { async: false });
  return sanitizeHtml(html, sanitizeOptions);
}
