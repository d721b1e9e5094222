import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './server.ts';

// Nothing lost, in a real browser: a customer edits their answer, ops hides it and shows it again,
// and the post's history shows what the edit changed.

const password = 'townhall-demo';
const alice = 'alice@acme.test';
const bob = 'bob@tinyco.test';
const ops = 'ops@demo.test';

const run = Date.now().toString(36);

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPerson(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

/** Waits until SvelteKit has hydrated (it sets scrollRestoration to 'manual' when its router starts). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => history.scrollRestoration === 'manual', null, { timeout: 15_000 });
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await hydrated(page);
}

async function signedIn(email: string): Promise<Page> {
  const page = await newPerson();
  await open(page, '/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

describe('moderation, and nothing lost', () => {
  test('a customer edits their answer; ops hides and unhides it; the history shows the diff', async () => {
    const title = `Can reports be scheduled? (${run})`;
    const asker = await signedIn(alice);
    await open(asker, '/b/qa/new');
    await asker.getByLabel('Title').fill(title);
    await asker.getByLabel('Details').fill('We want a weekly report by e-mail.');
    await asker.getByRole('button', { name: 'Post your question' }).click();
    await asker.waitForURL(/\/t\/\d+$/);
    const questionPath = new URL(asker.url()).pathname;

    // Bob answers, then corrects his answer.
    const answerer = await signedIn(bob);
    await open(answerer, questionPath);
    const original = `Use the Reports page (${run}).\nPick a weekday.`;
    await answerer.getByLabel('Answer', { exact: true }).fill(original);
    await answerer.getByRole('button', { name: 'Post your answer' }).click();
    await answerer.waitForURL(/\/t\/\d+#post-\d+$/);
    const postId = new URL(answerer.url()).hash.slice('#post-'.length);
    const answer = answerer.locator(`[data-testid="post"][id="post-${postId}"]`);
    await hydrated(answerer);
    await answer.getByRole('link', { name: 'Edit' }).click();
    await answerer.waitForURL(`**/p/${postId}/edit`);
    await hydrated(answerer);
    expect(await answerer.getByLabel('Text').inputValue()).toBe(original);
    const edited = `Use the Reports page (${run}).\nPick a weekday and a time.`;
    await answerer.getByLabel('Text').fill(edited);
    await answerer.getByRole('button', { name: 'Save changes' }).click();
    await answerer.waitForURL(new RegExp(`/t/\\d+#post-${postId}$`));
    await answer.getByText('Pick a weekday and a time.').waitFor();
    expect(await answer.getByTestId('edited-marker').innerText()).toBe('(edited)');

    // Ops hides it: greyed with an Unhide button for staff, gone for everyone else.
    const staff = await signedIn(ops);
    await open(staff, questionPath);
    const staffAnswer = staff.locator(`[data-testid="post"][id="post-${postId}"]`);
    await staffAnswer.getByText('Hide…').click();
    await staffAnswer.getByLabel('Reason for hiding').fill('Checking the advice');
    await staffAnswer.getByRole('button', { name: 'Hide post' }).click();
    await staffAnswer.getByTestId('hidden-badge').waitFor();
    expect(await staffAnswer.getAttribute('class')).toContain('removed');

    const guest = await newPerson();
    await guest.goto(questionPath);
    await guest.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await guest.locator(`[id="post-${postId}"]`).count()).toBe(0);

    await staffAnswer.getByRole('button', { name: 'Unhide' }).click();
    await staffAnswer.getByTestId('hidden-badge').waitFor({ state: 'detached' });
    await guest.reload();
    await guest.locator(`[id="post-${postId}"]`).getByText('Pick a weekday and a time.').waitFor();

    // The history, reached from the "edited" marker, shows the changed line.
    await answerer.reload();
    await hydrated(answerer);
    await answer.getByTestId('edited-marker').click();
    await answerer.waitForURL(`**/p/${postId}/revisions`);
    const revisions = answerer.getByTestId('revision');
    expect(await revisions.count()).toBe(2);
    const latest = revisions.first();
    const lines = async (kind: string) => (await latest.locator(`[data-kind="${kind}"]`).allInnerTexts()).map((text) => text.trim());
    expect(await lines('removed')).toEqual(['− Pick a weekday.']);
    expect(await lines('added')).toEqual(['+ Pick a weekday and a time.']);
    expect(await lines('same')).toEqual([`Use the Reports page (${run}).`]);
    expect(await latest.locator('[data-kind="removed"] del').count()).toBe(1);
    expect(await latest.locator('[data-kind="added"] ins').count()).toBe(1);
  });
});
