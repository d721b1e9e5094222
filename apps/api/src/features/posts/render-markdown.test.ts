import { describe, expect, it } from 'vitest';
import { renderMarkdown, rendererVersion } from './render-markdown.ts';

interface Case {
  name: string;
  markdown: string;
  contains?: string[];
  excludes?: string[];
}

const cases: Case[] = [
  {
    name: 'headings',
    markdown: '# Title\n\n### Sub',
    contains: ['<h1>Title</h1>', '<h3>Sub</h3>'],
    excludes: [' id='],
  },
  {
    name: 'lists, ordered start and task items',
    markdown: '- one\n- two\n\n3. three\n4. four\n\n- [x] done\n- [ ] todo',
    contains: ['<ul>', '<li>one</li>', '<ol start="3">', '<li>[x] done</li>', '<li>[ ] todo</li>'],
    excludes: ['<input'],
  },
  {
    name: 'fenced code keeps language class and escapes content',
    markdown: '```ts\nconst a = 1 < 2 && "<b>";\n```\n\nand `inline <i>`',
    contains: [
      '<pre><code class="language-ts">const a = 1 &lt; 2 &amp;&amp; "&lt;b&gt;";',
      '<code>inline &lt;i&gt;</code>',
    ],
  },
  {
    name: 'code class outside the language-* pattern is dropped',
    markdown: '<code class="language-js x-evil">a</code> <code class="evil">b</code>',
    contains: ['<code class="language-js">a</code>', '<code>b</code>'],
    excludes: ['evil'],
  },
  {
    name: 'GFM tables with alignment and strikethrough',
    markdown: '| a | b |\n|:-:|--:|\n| 1 | ~~2~~ |',
    contains: ['<table>', '<th align="center">a</th>', '<td align="right"><del>2</del></td>'],
  },
  {
    name: 'external link gets rel, relative link does not',
    markdown: '[ext](https://example.com/x) [rel](/t/1) [mail](mailto:a@example.com)',
    contains: [
      '<a href="https://example.com/x" rel="nofollow ugc noopener">ext</a>',
      '<a href="/t/1">rel</a>',
      'href="mailto:a@example.com"',
    ],
    excludes: ['target='],
  },
  {
    name: 'raw HTML link cannot choose its own rel or target',
    markdown: '<a href="https://example.com" rel="opener" target="_blank">x</a>',
    contains: ['<a href="https://example.com" rel="nofollow ugc noopener">x</a>'],
    excludes: ['"opener"', 'target'],
  },
  {
    name: 'javascript: link loses href',
    markdown: '[x](javascript:alert(1)) <a href=" JaVa&#x09;ScRiPt:alert(1)">y</a>',
    contains: ['>x</a>', '>y</a>'],
    excludes: ['href', 'javascript', 'ScRiPt'],
  },
  {
    name: 'image with data: URL loses src',
    markdown: '![pic](data:image/svg+xml;base64,PHN2Zz4=) <img src="data:image/png;base64,AAAA">',
    contains: ['<img alt="pic" />'],
    excludes: ['src=', 'data:'],
  },
  {
    name: 'image with https URL keeps src, alt and title',
    markdown: '![pic](https://example.com/a.png "T")',
    contains: ['<img src="https://example.com/a.png" alt="pic" title="T" />'],
  },
  {
    name: 'raw <script> and <style> are removed with their content',
    markdown: 'before <script>alert(1)</script> <style>p{color:red}</style> after',
    contains: ['before', 'after'],
    excludes: ['<script', 'alert', '<style', 'color'],
  },
  {
    name: '<img onerror> loses handler',
    markdown: '<img src="/x.png" onerror="alert(1)" style="x:y" id="clobber">',
    contains: ['<img src="/x.png" />'],
    excludes: ['onerror', 'alert', 'style', 'id='],
  },
  {
    name: 'protocol-relative href is dropped',
    markdown: '<a href="//evil.example">a</a> [b](//evil.example/x) <a href="\\\\evil.example">c</a>',
    contains: ['>a</a>', '>b</a>', '>c</a>'],
    excludes: ['href', 'evil.example'],
  },
  {
    name: 'disallowed elements are dropped, their text kept escaped',
    markdown: '<iframe src="https://example.com"></iframe><svg><a href="/x">s</a></svg><form action="/x"><button>go</button></form>',
    contains: ['go'],
    excludes: ['<iframe', '<svg', '<form', '<button', 'action='],
  },
];

describe('renderMarkdown', () => {
  it('exposes a renderer version', () => {
    // 2: plain-HTTP images are dropped (version 1 kept them); 3: `@handle` links to the profile.
    expect(rendererVersion).toBe(3);
  });

  it.each(cases)('$name', ({ markdown, contains = [], excludes = [] }) => {
    const html = renderMarkdown(markdown);
    for (const fragment of contains) expect(html).toContain(fragment);
    for (const fragment of excludes) expect(html).not.toContain(fragment);
  });

  it('renders a 64 KiB body', () => {
    const paragraph = 'Some **bold** text with a [link](https://example.com) and `code`.\n\n';
    const body = paragraph.repeat(Math.floor(65_536 / paragraph.length));
    const markdown = body + 'x'.repeat(65_536 - body.length);
    expect(markdown.length).toBe(65_536);
    const html = renderMarkdown(markdown);
    expect(html.match(/<strong>bold<\/strong>/g)?.length).toBe(Math.floor(65_536 / paragraph.length));
    expect(html.includes('**')).toBe(false);
  });
});

describe('images', () => {
  it('keeps HTTPS and relative images and drops plain-HTTP ones (the CSP would block them)', () => {
    expect(renderMarkdown('![a](https://img.test/a.png)')).toContain('src="https://img.test/a.png"');
    expect(renderMarkdown('![b](/uploads/b.png)')).toContain('src="/uploads/b.png"');
    // What an upload's Markdown (`imageMarkdown`) shows.
    expect(renderMarkdown('![Screenshot 1.png](/api/uploads/k3j5x7abcdefghijklmnopqrst.png)')).toBe(
      '<p><img src="/api/uploads/k3j5x7abcdefghijklmnopqrst.png" alt="Screenshot 1.png" /></p>\n',
    );
    expect(renderMarkdown('![c](http://img.test/c.png)')).not.toContain('http://img.test/c.png');
  });
});

describe('mentions', () => {
  const people = new Map([
    ['ana', 5],
    ['bo.li', 7],
  ]);
  const link = (id: number, typed: string) => `<a href="/people/${id}" class="mention">@${typed}</a>`;

  it.each([
    { name: 'a known handle, as typed', markdown: 'hi @Ana!', html: `<p>hi ${link(5, 'Ana')}!</p>\n` },
    { name: 'a dotted handle before a full stop', markdown: 'ask @bo.li.', html: `<p>ask ${link(7, 'bo.li')}.</p>\n` },
    { name: 'inside emphasis and parentheses', markdown: '**@ana** (@bo.li)', html: `<p><strong>${link(5, 'ana')}</strong> (${link(7, 'bo.li')})</p>\n` },
    { name: 'an unknown handle stays text', markdown: 'hi @nobody', html: '<p>hi @nobody</p>\n' },
    { name: 'inside a word or path', markdown: 'x_@ana a/@ana', html: '<p>x_@ana a/@ana</p>\n' },
    { name: 'escaped', markdown: '\\@ana', html: '<p>@ana</p>\n' },
    { name: 'in code', markdown: '`@ana`\n\n```\n@ana\n```', html: '<p><code>@ana</code></p>\n<pre><code>@ana\n</code></pre>\n' },
    { name: 'inside a link', markdown: '[@ana](/t/1) <a href="/t/2">@ana</a>', html: '<p><a href="/t/1">@ana</a> <a href="/t/2">@ana</a></p>\n' },
    {
      name: 'an e-mail address stays an e-mail link',
      markdown: 'mail ana@example.com',
      html: '<p>mail <a href="mailto:ana@example.com" rel="nofollow ugc noopener">ana@example.com</a></p>\n',
    },
  ])('$name', ({ markdown, html }) => {
    expect(renderMarkdown(markdown, people)).toBe(html);
  });

  it('renders handles as text without the people to link', () => {
    expect(renderMarkdown('hi @ana')).toBe('<p>hi @ana</p>\n');
  });

  it('cannot be forged with raw HTML: the class is dropped, with or without real mentions', () => {
    const forged = '<a class="mention" data-mention="" href="/people/1">@admin</a>';
    expect(renderMarkdown(forged)).toBe('<p><a href="/people/1">@admin</a></p>\n');
    expect(renderMarkdown(`${forged} @ana`, people)).toBe(`<p><a href="/people/1">@admin</a> ${link(5, 'ana')}</p>\n`);
  });
});
