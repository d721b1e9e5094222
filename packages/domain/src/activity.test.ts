import { describe, expect, it } from 'vitest';
import { decodeActivityCursor, encodeActivityCursor, excerptFromHtml } from './activity.ts';
import { encodeTopicCursor } from './topic-cursor.ts';

describe('activity cursor', () => {
  it('round-trips a position', () => {
    const cursor = { createdAt: new Date('2026-03-01T08:30:00.123Z'), id: 42 };
    expect(decodeActivityCursor(encodeActivityCursor(cursor))).toEqual(cursor);
  });

  it.each([
    '',
    'not-a-cursor',
    encodeTopicCursor({ sort: 'newest', createdAt: new Date('2026-03-01T08:30:00.123Z'), id: 1 }),
    Buffer.from('activity|2026-13-99T00:00:00.000Z|1').toString('base64url'),
    Buffer.from('activity|2026-03-01T08:30:00.123Z|1e5').toString('base64url'),
    Buffer.from('activity|2026-03-01T08:30:00.123Z|1|5').toString('base64url'),
  ])('rejects %j', (raw) => {
    expect(decodeActivityCursor(raw)).toBeNull();
  });
});

describe('excerptFromHtml', () => {
  it.each([
    ['<p>Hello <strong>world</strong></p>', 20, 'Hello world'],
    ['<p>one two three four five</p>', 12, 'one two…'],
    ['<p>one two, three</p>', 9, 'one two…'],
    ['<p>Supercalifragilistic</p>', 5, 'Super…'],
    ['<p>如何导出报表</p>', 4, '如何导出…'],
    ['<p>a &lt;script&gt; tag</p><pre><code>x = 1</code></pre>', 100, 'a <script> tag x = 1'],
    ['<p>cut in <a href="https://exa', 100, 'cut in'],
  ])('%s (%i)', (html, maxLength, excerpt) => {
    expect(excerptFromHtml({ html, maxLength })).toBe(excerpt);
  });

  it('never counts half of a character outside the basic plane', () => {
    expect(excerptFromHtml({ html: '<p>😀😀😀</p>', maxLength: 2 })).toBe('😀😀…');
  });
});
