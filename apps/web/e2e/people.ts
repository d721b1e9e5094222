import type { Browser, Locator, Page } from 'playwright-core';
import type { RunningServer } from './server.ts';

/** The demo password every seeded account shares. */
export const demoPassword = 'townhall-demo';

/** Makes titles unique to a run, so list lookups cannot match seeded or earlier topics. */
export const runTag = Date.now().toString(36);

/** Everything a browser test does as a person: its own context on the running server. */
export function people(browser: () => Browser, server: () => RunningServer) {
  /** A fresh, isolated browser profile: one per person in a test. */
  async function newPerson(): Promise<Page> {
    const context = await browser().newContext({ baseURL: server().url });
    // Well inside the test timeout, so a missing element fails with Playwright's own message.
    context.setDefaultTimeout(10_000);
    return context.newPage();
  }

  /** Signs in through the sign-in page and waits until it has taken us on. */
  async function signIn(page: Page, email: string): Promise<void> {
    if (new URL(page.url(), server().url).pathname !== '/sign-in') await page.goto('/sign-in');
    await hydrated(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** A signed-in person in their own context. */
  async function signedIn(email: string): Promise<Page> {
    const page = await newPerson();
    await signIn(page, email);
    return page;
  }

  return { newPerson, signIn, signedIn };
}

/**
 * Waits until SvelteKit has hydrated the page, before typing into it or clicking (a click before
 * hydration bypasses `use:enhance`). SvelteKit starts its router right after hydrating, and
 * starting the router sets `history.scrollRestoration` to 'manual' (a fresh document starts at
 * 'auto').
 */
export async function hydrated(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => history.scrollRestoration === 'manual', null, { timeout: 15_000 });
  } catch (error) {
    throw new Error(`${page.url()} did not hydrate within 15 s (did SvelteKit's start-up change?)`, { cause: error });
  }
}

/** Opens `path` and waits until it is interactive. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await hydrated(page);
}

/** Asks on /b/qa/new and returns the question's path (`/t/<id>`). */
export async function ask(page: Page, title: string, body: string): Promise<string> {
  await open(page, '/b/qa/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Details').fill(body);
  await page.getByRole('button', { name: 'Post your question' }).click();
  await page.waitForURL(/\/t\/\d+$/);
  return new URL(page.url()).pathname;
}

/** Answers the question open in `page`; returns the new answer's post element. */
export async function answer(page: Page, body: string): Promise<Locator> {
  await page.getByLabel('Answer', { exact: true }).fill(body);
  await page.getByRole('button', { name: 'Post your answer' }).click();
  await page.waitForURL(/\/t\/\d+#post-\d+$/);
  const postId = new URL(page.url()).hash.slice(1);
  const post = page.locator(`[data-testid="post"][id="${postId}"]`);
  await post.waitFor();
  return post;
}
