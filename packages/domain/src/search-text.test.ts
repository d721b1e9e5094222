import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  highlightSearchText,
  plainTextFromHtml,
  searchHighlightTerms,
  segmentSearchDocument,
  segmentSearchQuery,
} from './search-text.ts';

describe('segmentSearchDocument', () => {
  it.each([
    ['English stays as words', 'Exporting reports to Excel', 'Exporting reports to Excel'],
    ['Chinese becomes pairs, then characters', '如何导出报表', '如何 何导 导出 出报 报表 如 何 导 出 报 表'],
    ['a single CJK character stays', '表', '表'],
    ['mixed text splits at the script change', '导出Excel报表', '导出 导 出 Excel 报表 报 表'],
    ['CJK punctuation separates runs', '报表，导出。', '报表 报 表 导出 导 出'],
    ['ASCII punctuation becomes space', 'SSO (SAML)! <b>now</b>?', 'SSO SAML b now /b'],
    ['versions and e-mails keep their joiners', 'v4.2 ops@example.com', 'v4.2 ops@example.com'],
    ['full-width Latin is normalized', 'ＥＸＣＥＬ', 'EXCEL'],
    ['Japanese kana are CJK too', 'エクスポート', 'エク クス スポ ポー ート エ ク ス ポ ー ト'],
    ['Korean Hangul is CJK too', '보고서', '보고 고서 보 고 서'],
    ['empty stays empty', '  ', ''],
  ])('%s', (_name, input, expected) => {
    expect(segmentSearchDocument(input)).toBe(expected);
  });
});

describe('segmentSearchQuery', () => {
  it.each([
    ['English stays', 'export reports', 'export reports'],
    ['a CJK word becomes its pairs', '导出', '导出'],
    ['a CJK sentence becomes its pairs only', '导出报表', '导出 出报 报表'],
    ['a single character stays', '表', '表'],
    ['mixed', 'Excel导出', 'Excel 导出'],
    ['quotes and minus keep their meaning', '"audit log" -beta', '"audit log" -beta'],
    ['other punctuation goes', 'sso? (saml)', 'sso saml'],
  ])('%s', (_name, input, expected) => {
    expect(segmentSearchQuery(input)).toBe(expected);
  });
});

describe('searchHighlightTerms', () => {
  it.each([
    ['Exporting Reports', ['exporting', 'reports']],
    ['如何导出', ['如何导出']],
    ['导出 Excel or CSV', ['导出', 'excel', 'csv']],
    ['"audit log" -a', ['audit', 'log']],
  ])('%s', (query, expected) => {
    expect(searchHighlightTerms(query)).toEqual(expected);
  });
});

describe('highlightSearchText', () => {
  it.each([
    ['marks a word and its longer forms', 'Export the exports', ['export'], '<mark>Export</mark> the <mark>exports</mark>'],
    ['does not mark inside a word', 'reexport', ['export'], 'reexport'],
    ['marks CJK anywhere', '如何导出报表', ['导出'], '如何<mark>导出</mark>报表'],
    ['escapes HTML around and inside matches', '<script>alert("x")</script> export', ['export', 'script'], '&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; <mark>export</mark>'],
    ['escapes even without matches', '<img src=x onerror=alert(1)>', [], '&lt;img src=x onerror=alert(1)&gt;'],
    ['treats regex characters literally', 'aab a+b', ['a+b'], 'aab <mark>a+b</mark>'],
  ])('%s', (_name, text, terms, expected) => {
    expect(highlightSearchText({ text, terms })).toBe(expected);
  });

  it('cuts a window around the first match', () => {
    const text = `${'lorem ipsum '.repeat(40)}the export button ${'dolor sit '.repeat(40)}`;
    const html = highlightSearchText({ text, terms: ['export'], maxLength: 80 });
    expect(html).toMatch(/^…/);
    expect(html).toMatch(/…$/);
    expect(html).toContain('<mark>export</mark>');
    expect(html.length).toBeLessThan(120);
  });

  it('starts at the beginning without a match', () => {
    const html = highlightSearchText({ text: 'a '.repeat(100), terms: ['zzz'], maxLength: 20 });
    expect(html.startsWith('a a')).toBe(true);
    expect(html.endsWith('…')).toBe(true);
  });
});

describe('plainTextFromHtml and escapeHtml', () => {
  it.each([
    ['<p>Hello <strong>world</strong></p>', 'Hello world'],
    ['<p>As <strong>CSV</strong>.</p><p>Next</p><ul><li>one</li><li>two</li></ul>', 'As CSV. Next one two'],
    ['<p>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; &#x4e2d;</p>', 'a <b> & "c" \'d\' 中'],
    ['<p>cut <a href="x', 'cut'],
  ])('%s', (html, text) => {
    expect(plainTextFromHtml(html)).toBe(text);
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
