import { describe, expect, test } from 'vitest';
import { hydrated, runTag, useTownhall } from './people.ts';

// Release notes in a real browser against the real server: a PM publishes a note with its three
// sections, a customer reacts and comments, and everyone sees the result.

const pm = 'pm@demo.test';
const alice = 'alice@acme.test';
const run = runTag;

// The long discussion is seeded through the API: more comments than the default rate allows.
const { server, newPerson, signedIn } = useTownhall({ serverEnv: () => ({ POST_RATE_LIMIT: '10000' }) });

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
    // The comment's own page of comments, scrolled to it.
    await customer.waitForURL(/\/release-notes\/\d+\?near=(\d+)#post-\1$/);
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

  test('a long discussion comes in pages of 50 comments; a new comment opens on its page', async () => {
    const author = await signedIn(pm);
    const origin = { origin: server().url };
    const created = await author.request.post('/api/boards/release-notes/release-notes', {
      data: { title: `A much discussed release (${run})`, version: '9.9.9', introduction: 'Everyone has an opinion.', scenarios: 'Any.', precautions: 'None.', publish: 'now' },
      headers: origin,
    });
    expect(created.status(), await created.text()).toBe(201);
    const noteId = ((await created.json()) as { id: number }).id;
    for (let n = 1; n <= 52; n += 1) {
      const posted = await author.request.post(`/api/topics/${noteId}/posts`, { data: { body: `Opinion ${n} of ${run}` }, headers: origin });
      expect(posted.status()).toBe(201);
    }

    const reader = await signedIn(alice);
    await reader.goto(`/release-notes/${noteId}`);
    await hydrated(reader);
    await reader.getByRole('heading', { name: '52 comments' }).waitFor();
    expect(await reader.getByTestId('comment').count()).toBe(50);
    expect(await reader.getByText(`Opinion 51 of ${run}`, { exact: true }).count()).toBe(0);
    await reader.getByRole('link', { name: 'Show more comments (2 more)' }).click();
    await reader.getByText(`Opinion 52 of ${run}`, { exact: true }).waitFor();
    expect(await reader.getByTestId('comment').count()).toBe(2);
    await reader.getByRole('link', { name: 'Earlier comments (50)' }).click();
    await reader.getByText(`Opinion 1 of ${run}`, { exact: true }).waitFor();

    // Back on the first page, a new comment is the 53rd: the page after posting is the one holding it.
    await reader.goto(`/release-notes/${noteId}`);
    await hydrated(reader);
    const mine = `Mine is the last word (${run})`;
    await reader.getByLabel('Comment', { exact: true }).fill(mine);
    await reader.getByRole('button', { name: 'Post comment' }).click();
    await reader.waitForURL(/\?near=\d+#post-\d+$/);
    await reader.getByTestId('comment').filter({ hasText: mine }).waitFor();
  });

  test('a comment being written stays on screen when the note is locked meanwhile', async () => {
    const author = await signedIn(pm);
    const origin = { origin: server().url };
    const created = await author.request.post('/api/boards/release-notes/release-notes', {
      data: { title: `Locked while commenting (${run})`, version: '9.9.8', introduction: 'New.', scenarios: 'Any.', precautions: 'None.', publish: 'now' },
      headers: origin,
    });
    expect(created.status(), await created.text()).toBe(201);
    const noteId = ((await created.json()) as { id: number }).id;

    const reader = await signedIn(alice);
    // The lock reaches the page live: only once its socket follows the note.
    const following = new Promise<void>((resolve) => {
      reader.on('websocket', (socket) =>
        socket.on('framereceived', ({ payload }) => {
          if (String(payload).includes('"subscribed"') && String(payload).includes(`"topic:${noteId}"`)) resolve();
        }),
      );
    });
    await reader.goto(`/release-notes/${noteId}`);
    await hydrated(reader);
    await following;
    const typed = `A comment in progress (${run})`;
    await reader.getByLabel('Comment', { exact: true }).fill(typed);
    const locked = await author.request.post(`/api/topics/${noteId}/moderation`, { data: { action: 'lock' }, headers: origin });
    expect(locked.status(), await locked.text()).toBe(200);

    await reader.getByTestId('closed-while-writing').waitFor();
    expect(await reader.getByLabel('Comment', { exact: true }).inputValue()).toBe(typed);
    expect(await reader.getByRole('button', { name: 'Post comment' }).isDisabled()).toBe(true);
  });
});
