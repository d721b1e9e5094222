import { readdirSync, readFileSync } from 'node:fs';
import { JSDOM, VirtualConsole } from 'jsdom';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/features/posts/render-markdown.ts';

interface Vector {
  source: string;
  payload: string;
}

const fixturesDir = new URL('./fixtures/xss/', import.meta.url);

function loadVectors(): Vector[] {
  const vectors: Vector[] = [];
  for (const file of readdirSync(fixturesDir).sort()) {
    const text = readFileSync(new URL(file, fixturesDir), 'utf8');
    if (file.endsWith('.txt')) {
      text.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() !== '') vectors.push({ source: `${file}:${i + 1}`, payload: line });
      });
    } else if (file.endsWith('.json')) {
      const items = JSON.parse(text) as { title: string; payload: string }[];
      items.forEach((item, i) => vectors.push({ source: `${file}[${i}] ${item.title}`, payload: item.payload }));
    }
  }
  return vectors;
}

const forbiddenElements = new Set([
  'script', 'iframe', 'object', 'embed', 'applet', 'frame', 'frameset', 'portal', 'fencedframe',
  'base', 'meta', 'link', 'style', 'svg', 'math', 'form', 'template', 'noscript', 'noembed',
  'noframes', 'xmp', 'plaintext', 'input', 'button', 'textarea', 'select', 'option', 'isindex',
  'param', 'audio', 'video', 'source', 'track', 'image', 'use', 'animate', 'set', 'handler',
  'foreignobject',
]);

const urlAttributes = new Set([
  'href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'background', 'poster', 'data',
  'lowsrc', 'dynsrc', 'codebase', 'cite', 'longdesc', 'ping', 'manifest',
]);

const HTML_NS = 'http://www.w3.org/1999/xhtml';

// Browsers ignore ASCII whitespace/control characters inside a scheme, so strip them before matching.
function isDangerousUrl(value: string): boolean {
  const cleaned = value.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  return /^(javascript|vbscript|data):/.test(cleaned);
}

let dom: JSDOM | undefined;
let parses = 0;

// A jsdom window keeps every DOMParser document alive (parsing slows down as they pile up), so
// rotate to a fresh window every few hundred parses. The virtual console swallows CSS parse noise.
function parseDocument(html: string): Document {
  if (dom === undefined || ++parses % 100 === 0) {
    dom?.window.close();
    dom = new JSDOM('', { virtualConsole: new VirtualConsole() });
  }
  return new dom.window.DOMParser().parseFromString(html, 'text/html');
}

/** Lists every way the HTML, parsed as a full document by jsdom, could run script (empty means safe). */
function findScriptCapable(html: string): string[] {
  const problems: string[] = [];
  // Includes <html>/<head>/<body>: a document parse hoists <meta>/<base> into head and <body onload> onto body.
  for (const element of parseDocument(html).querySelectorAll('*')) {
    const name = element.localName.toLowerCase();
    if (forbiddenElements.has(name)) problems.push(`<${name}>`);
    else if (element.namespaceURI !== HTML_NS) problems.push(`<${name}> in ${element.namespaceURI}`);
    for (const { name: rawName, value } of element.attributes) {
      const attr = rawName.toLowerCase();
      if (attr.startsWith('on') || attr === 'style' || attr === 'srcdoc') problems.push(`${name}[${attr}]`);
      else if (attr === 'srcset' ? value.split(',').some(isDangerousUrl) : urlAttributes.has(attr) && isDangerousUrl(value)) {
        problems.push(`${name}[${attr}=${value.slice(0, 40)}]`);
      }
    }
  }
  return problems;
}

const vectors = loadVectors();

describe('XSS corpus through renderMarkdown', () => {
  it('loads the vendored corpora', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(2000);
  });

  it('oracle flags known script-capable markup and passes benign markup', () => {
    const bad = [
      '<img src=x onerror=alert(1)>',
      '<a href=" java\tscript:alert(1)">x</a>',
      '<iframe srcdoc="x"></iframe>',
      '<p style="x">a</p>',
      '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
      '<img srcset="/a.png 1x, data:image/svg+xml,x 2x">',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
      '<body onload=alert(1)>',
    ];
    for (const html of bad) expect(findScriptCapable(html), html).not.toEqual([]);
    expect(findScriptCapable('<p><a href="https://example.com" rel="nofollow">x</a><img src="/a.png" alt=""></p>')).toEqual([]);
  });

  it('oracle is not vacuous: marked alone lets hundreds of vectors through', () => {
    const unsanitized = new Marked({ gfm: true, async: false });
    const flagged = vectors.filter(({ payload }) => findScriptCapable(unsanitized.parse(payload, { async: false })).length > 0);
    console.info(`marked alone: ${flagged.length}/${vectors.length} vectors flagged`);
    expect(flagged.length).toBeGreaterThanOrEqual(1000);
  }, 60_000);

  it(`renders all ${vectors.length} vectors with zero script-capable results`, () => {
    const failures: { source: string; payload: string; html: string; problems: string[] }[] = [];
    for (const { source, payload } of vectors) {
      const html = renderMarkdown(payload);
      const problems = findScriptCapable(html);
      if (problems.length > 0) failures.push({ source, payload, html, problems });
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
