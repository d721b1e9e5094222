import { describe, expect, test } from 'vitest';
import { ask, hydrated, open, runTag, useTownhall } from './people.ts';

// Search in a real browser: the header's search box (with and without JavaScript), the results
// page with highlighted snippets, and similar questions under the ask form's title.

const alice = 'alice@acme.test';
const { newPerson, signedIn } = useTownhall();

describe('search', () => {
  test('finds a Chinese question by a word inside its title, from the header, without JavaScript', async () => {
    const asker = await signedIn(alice);
    const questionPath = await ask(asker, `如何导出报表 ${runTag}`, 'We need the monthly `<report>` as **CSV**.');

    const guest = await newPerson({ javaScriptEnabled: false });
    await guest.goto('/');
    await guest.getByRole('searchbox', { name: 'Search' }).fill(`导出 ${runTag}`);
    await guest.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await guest.waitForURL(/\/search\?q=/);
    const result = guest.getByTestId('search-result');
    await expect.poll(() => result.count()).toBe(1);
    expect(await result.locator('h2 mark').allInnerTexts()).toEqual(['导出', runTag]);
    expect(await result.locator('p.search-snippet').innerText()).toContain('<report>');
    expect(await result.locator('.search-snippet').evaluateAll((nodes) => nodes.flatMap((node) => [...node.querySelectorAll('*')].map((el) => el.localName)))).toEqual(
      expect.not.arrayContaining(['report', 'script']),
    );
    await result.getByRole('link').click();
    await guest.waitForURL((url) => url.pathname === questionPath);
  });

  test('a result with a long word or URL wraps inside the page, on a phone too', async () => {
    const asker = await signedIn(alice);
    const long = `Supercalifragilistic${runTag}${'x'.repeat(120)}`;
    await ask(asker, `Long ${long}`, `See https://example.test/${'segment/'.repeat(30)}${long} for the details.`);
    const reader = await newPerson();
    await reader.setViewportSize({ width: 390, height: 844 });
    await open(reader, `/search?q=${encodeURIComponent(long)}`);
    await expect.poll(() => reader.getByTestId('search-result').count()).toBe(1);
    expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test('filters on the search page', async () => {
    const page = await newPerson();
    await open(page, `/search?q=${encodeURIComponent(`导出 ${runTag}`)}`);
    await expect.poll(() => page.getByTestId('search-result').count()).toBe(1);
    await page.getByLabel('Type').selectOption('release_note');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/kind=release_note/);
    await page.getByTestId('search-empty').waitFor();
  });

  test('shows similar questions under the title while a question is typed', async () => {
    const asker = await signedIn(alice);
    await ask(asker, `Exporting dashboards to PDF ${runTag}`, 'How?');
    await open(asker, '/b/qa/new');
    await hydrated(asker);
    await asker.getByLabel('Title').pressSequentially(`export dashboard ${runTag}`, { delay: 20 });
    const similar = asker.getByTestId('similar-questions');
    await similar.getByRole('link', { name: `Exporting dashboards to PDF ${runTag}` }).waitFor();
  });

  test('shows similar questions after Preview without JavaScript', async () => {
    const asker = await signedIn(alice, { javaScriptEnabled: false });
    await asker.goto('/b/qa/new');
    await asker.getByLabel('Title').fill(`How to export a dashboard ${runTag}`);
    await asker.getByLabel('Details').fill('Body');
    await asker.getByRole('button', { name: 'Preview' }).click();
    await asker.getByTestId('similar-questions').getByRole('link', { name: `Exporting dashboards to PDF ${runTag}` }).waitFor();
  });
});
