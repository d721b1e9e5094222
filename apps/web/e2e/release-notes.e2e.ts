import { describe, expect, test } from 'vitest';
import { hydrated, runTag, useTownhall } from './people.ts';

// Release notes in a real browser against the real server: a PM publishes a note with its three
// sections, a customer reacts and comments, and everyone sees the result.

const pm = 'pm@demo.test';
const alice = 'alice@acme.test';
const run = runTag;

const { newPerson, signedIn } = useTownhall();

describe('release notes', () => {
  test('a PM publishes a note; a customer reacts and comments', async () => {
    const title = `Bulk user import (${run})`;

    // The PM writes the note from the list page.
    const author = await signedIn(pm);
    await author.goto('/release-notes');
    await author.getByRole('link', { name: 'New release note' }).click();
    await author.waitForURL('**/release-notes/new');
    await hydrated(author);
    await author.getByLabel('Title').fill(title);
    await author.getByLabel('Version', { exact: true }).fill('5.0.0');
    await author.getByLabel('Introduction (what it is)').fill('Import **thousands** of users from one CSV file.');
    await author.getByLabel('Scenarios (when to use it)').fill('- Onboarding a new department\n- Moving from another tool');
    await author.getByLabel('Precautions (limits, risks, migration)').fill('At most _50,000_ rows per file.');
    await author.getByLabel('Publish now').check();
    await author.getByRole('button', { name: 'Save release note' }).click();
    await author.waitForURL(/\/release-notes\/\d+$/);
    const notePath = new URL(author.url()).pathname;

    await author.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await author.getByTestId('section-introduction').locator('strong').textContent()).toBe('thousands');
    expect(await author.getByTestId('section-scenarios').locator('li').allTextContents()).toEqual([
      'Onboarding a new department',
      'Moving from another tool',
    ]);
    expect(await author.getByTestId('section-precautions').locator('em').textContent()).toBe('50,000');
    for (const heading of ['Introduction', 'Scenarios', 'Precautions']) {
      await author.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    expect(await author.getByTestId('release-note-version').innerText()).toContain('5.0.0');

    // A customer finds it in the list, reacts and comments.
    const customer = await signedIn(alice);
    await customer.goto('/release-notes');
    const listed = customer.getByTestId('release-note-item').filter({ hasText: title });
    await listed.waitFor();
    await listed.getByRole('link', { name: title }).click();
    await customer.waitForURL(`**${notePath}`);
    await hydrated(customer);
    expect(await customer.getByTestId('reaction-count-thumbs_up').innerText()).toBe('0');
    await customer.getByRole('button', { name: /^Thumbs up/ }).click();
    await customer.getByTestId('reaction-count-thumbs_up').filter({ hasText: /^1$/ }).waitFor();
    expect(await customer.getByRole('button', { name: /^Thumbs up/ }).getAttribute('aria-pressed')).toBe('true');

    const comment = `Does this keep existing passwords? (${run})`;
    await customer.getByLabel('Comment', { exact: true }).fill(comment);
    await customer.getByRole('button', { name: 'Post comment' }).click();
    await customer.waitForURL(/\/release-notes\/\d+#post-\d+$/);
    await customer.getByTestId('comment').filter({ hasText: comment }).waitFor();

    // A guest sees the count and the comment after a fresh load, and the page offers the feed.
    const guest = await newPerson();
    await guest.goto(notePath);
    expect(await guest.getByTestId('reaction-count-thumbs_up').innerText()).toBe('1');
    expect(await guest.getByTestId('comment').filter({ hasText: comment }).count()).toBe(1);
    expect(await guest.getByRole('button', { name: /^Thumbs up/ }).count()).toBe(0);
    expect(await guest.locator('head link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe(
      '/api/release-notes/feed.atom',
    );
    const feed = await guest.request.get('/api/release-notes/feed.atom');
    expect(feed.headers()['content-type']).toContain('application/atom+xml');
    expect(await feed.text()).toContain(title);
  });

  test('without JavaScript: the demo notes are listed, filtered, and a customer can react', async () => {
    const page = await signedIn('bob@tinyco.test', { javaScriptEnabled: false });

    await page.goto('/');
    await page.getByRole('main').getByRole('link', { name: 'Release notes' }).click();
    await page.waitForURL('**/release-notes');
    await page.getByTestId('release-note-item').filter({ hasText: 'Audit log export to CSV' }).waitFor();

    await page.getByLabel('Version', { exact: true }).fill('4.3');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL('**/release-notes?version=4.3**');
    expect(await page.getByTestId('release-note-item').allInnerTexts()).toEqual([expect.stringContaining('Scheduled report e-mails')]);

    await page.getByRole('link', { name: 'Scheduled report e-mails' }).click();
    await page.getByRole('button', { name: /^Celebrate/ }).click();
    await page.getByTestId('reaction-count-tada').filter({ hasText: /^1$/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Celebrate/ }).getAttribute('aria-pressed')).toBe('true');
  });
});
