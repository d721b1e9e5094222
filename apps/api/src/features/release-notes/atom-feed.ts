// Characters XML 1.0 does not allow at all, even escaped.
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(invalidXmlChars, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export type AtomEntry = {
  id: string;
  title: string;
  link: string;
  author: string;
  published: Date;
  updated: Date;
  /** Sanitized HTML; escaped here and declared as `type="html"`. */
  html: string;
};

export type AtomFeedInput = { id: string; title: string; selfLink: string; alternateLink: string; updated: Date; entries: AtomEntry[] };

/** An Atom 1.0 document (RFC 4287). */
export function buildAtomFeed(feed: AtomFeedInput): string {
  const entries = feed.entries.map(
    (entry) => `  <entry>
    <id>${escapeXml(entry.id)}</id>
    <title type="text">${escapeXml(entry.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>
    <author><name>${escapeXml(entry.author)}</name></author>
    <published>${entry.published.toISOString()}</published>
    <updated>${entry.updated.toISOString()}</updated>
    <content type="html">${escapeXml(entry.html)}</content>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(feed.id)}</id>
  <title type="text">${escapeXml(feed.title)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfLink)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateLink)}"/>
  <updated>${feed.updated.toISOString()}</updated>
${entries.join('')}</feed>
`;
}

/** Plain text from sanitized HTML, for list excerpts: tags dropped, common entities decoded. */
export function excerptFromHtml(html: string, maxLength = 240): string {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    // The HTML may arrive cut short, inside a tag.
    .replace(/<[^>]*$/, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name]!)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1).trimEnd()}…`;
}
