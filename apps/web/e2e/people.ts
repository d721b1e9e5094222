import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './server.ts';

/** The demo password every seeded account shares. */
export const demoPassword = 'townhall-demo';

/** Makes titles unique to a run, so list lookups cannot match seeded or earlier topics. */
export const runTag = Date.now().toString(36);

/**
 * How a person's browser profile differs from the default: `javaScriptEnabled: false` walks the
 * server-rendered forms without script; `bypassCSP: true` ignores the page's Content-Security-Policy.
 */
export type PersonOptions = { javaScriptEnabled?: boolean; bypassCSP?: boolean };

/** Everything a browser test does as a person: its own context on the running server. */
export function people(browser: () => Browser, server: () => RunningServer) {
  /** Contexts opened with JavaScript turned off: their pages never hydrate. */
  const withoutScript = new WeakSet<BrowserContext>();

  /** A fresh, isolated browser profile: one per person in a test. */
  async function newPerson(options: PersonOptions = {}): Promise<Page> {
    const context = await browser().newContext({ ...options, baseURL: server().url });
    if (options.javaScriptEnabled === false) withoutScript.add(context);
    // Well inside the test timeout, so a missing element fails with Playwright's own message.
    context.setDefaultTimeout(10_000);
    return context.newPage();
  }

  /**
   * Signs in through the sign-in page and waits until it has taken us on (without JavaScript: the
   * form posts and the server redirects).
   */
  async function signIn(page: Page, email: string): Promise<void> {
    if (new URL(page.url(), server().url).pathname !== '/sign-in') await page.goto('/sign-in');
    if (!withoutScript.has(page.context())) await hydrated(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** A signed-in person in their own context. */
  async function signedIn(email: string, options: PersonOptions = {}): Promise<Page> {
    const page = await newPerson(options);
    await signIn(page, email);
    return page;
  }

  return { newPerson, signIn, signedIn };
}

/**
 * The harness of a browser test file: registers `beforeAll` to start the real server and launch
 * Chromium, and `afterAll` to close both; returns them (once started) and the `people` helpers.
 * `serverEnv` adds to the server's environment (read when it starts, after earlier `beforeAll`s).
 */
export function useTownhall(options: { serverEnv?: () => Record<string, string> } = {}) {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(options.serverEnv?.()), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The ${what} is not running: use it inside a test, after beforeAll`);
    return value;
  };
  const currentServer = () => started(server, 'server');
  const currentBrowser = () => started(browser, 'browser');

  return { server: currentServer, browser: currentBrowser, ...people(currentBrowser, currentServer) };
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

/**
 * Asks on /b/qa/new and returns the question's path (`/t/<id>`). A page without JavaScript
 * (`script: false`) never hydrates, so it is not waited for.
 */
export async function ask(page: Page, title: string, body: string, { script = true }: { script?: boolean } = {}): Promise<string> {
  if (script) await open(page, '/b/qa/new');
  else await page.goto('/b/qa/new');
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
  await page.waitForURL(/\/t\/\d+\?near=\d+#post-\d+$/);
  const postId = new URL(page.url()).hash.slice(1);
  const post = page.locator(`[data-testid="post"][id="${postId}"]`);
  await post.waitFor();
  return post;
}

/** What a form refused because the session ended says, above the text it kept. */
export const signedOutNotice = 'You are signed out. Sign in in another tab, then submit again — your text is kept here.';

/**
 * Opens `path`, types `fields` (label → text, inside the `within` selector if given), ends the
 * session and submits with `button`: the page must stay, say why, and hold every text as typed.
 * With `landsOn`, the session is put back (as signing in in another tab would) and the same form
 * is sent again; returns the path it lands on. Putting the cookie back spares a sign-in, which is
 * rate-limited.
 */
export async function submitAfterSessionEnded(
  page: Page,
  options: { path: string; fields: Record<string, string>; button: string; script: boolean; within?: string; landsOn?: RegExp },
): Promise<string> {
  const { path, fields, button, script, within, landsOn } = options;
  const form = () => (within ? page.locator(within) : page.locator('body'));
  await page.goto(path);
  if (script) await hydrated(page);
  for (const [label, text] of Object.entries(fields)) await form().getByLabel(label, { exact: true }).fill(text);
  const cookies = await page.context().cookies();
  await page.context().clearCookies();
  await form().getByRole('button', { name: button }).click();

  await page.getByText(signedOutNotice).waitFor();
  expect(new URL(page.url()).pathname).toBe(path);
  for (const [label, text] of Object.entries(fields)) expect(await form().getByLabel(label, { exact: true }).inputValue()).toBe(text);

  await page.context().addCookies(cookies);
  if (!landsOn) return path;
  await form().getByRole('button', { name: button }).click();
  await page.waitForURL(landsOn);
  return new URL(page.url()).pathname;
}

/** Deletes a post (a `post` test id) through its "Delete…" confirmation. */
export async function deletePost(post: Locator): Promise<void> {
  await post.getByText('Delete…', { exact: true }).click();
  await post.getByRole('button', { name: /^Delete (topic|reply)$/ }).click();
}

/** Saves `timeZone` as the business calendar's zone, as the admin signed in on `admin`. */
export async function setWorkspaceTimeZone(admin: Page, timeZone: string): Promise<void> {
  await admin.goto('/admin/sla');
  await admin.getByLabel('Time zone (IANA name)').fill(timeZone);
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByRole('status').getByText('Saved.').waitFor();
}

/** "07:30": the wall-clock time of `at` in `timeZone`, which zoned times end with. */
export function wallClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
