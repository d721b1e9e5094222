import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { hydrated, open, runTag, useTownhall } from './people.ts';

// A long topic loads in pages of 50 replies: the first page with "Show more replies", the next
// appended in place with JavaScript or opened through the link without it, and links to a late
// post landing on the page that holds it.

const alice = 'alice@acme.test';
const replies = 110;

// The topic is seeded through the API as Alice: more replies than the default rate allows.
const { server, newPerson, signedIn } = useTownhall({ serverEnv: () => ({ POST_RATE_LIMIT: '10000' }) });

let topicPath = '';
/** Post ids by reply (`Reply 1` is post number 2). */
const replyIds: number[] = [];

type Detail = { id: number; posts: { id: number; postNumber: number }[]; page: { lastPostNumber: number | null; hasLater: boolean } };

/** Sends a write to the API from `page`'s signed-in context, as the browser would (same origin). */
async function apiPost(page: Page, path: string, data: unknown): Promise<{ id: number }> {
  const response = await page.request.post(path, { data, headers: { origin: server().url } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

const replyText = (n: number) => `Reply ${n} of ${runTag}`;
const shownReplies = (page: Page) => page.getByTestId('replies').getByTestId('post');

beforeAll(async () => {
  const author = await signedIn(alice);
  const topic = await apiPost(author, '/api/boards/qa/topics', { title: `A long thread ${runTag}`, body: 'Everyone has something to say.' });
  topicPath = `/t/${topic.id}`;
  for (let n = 1; n <= replies; n += 1) replyIds.push((await apiPost(author, `/api/topics/${topic.id}/posts`, { body: replyText(n) })).id);
  await author.context().close();
}, 120_000);

/** Resolves once the page's live socket has confirmed its subscription to the topic. */
function liveSubscribed(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        const text = String(payload);
        if (text.includes('"subscribed"') && text.includes('"topic:')) resolve();
      });
    });
  });
}

/** Marks the document, so a test can tell that the page was updated in place rather than reloaded. */
const markDocument = (page: Page) => page.evaluate(() => ((window as { __sameDocument?: boolean }).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument === true);

test('shows the first page and appends the next one in place', async () => {
  const reader = await newPerson();
  await open(reader, topicPath);
  expect(await reader.getByRole('heading', { name: `${replies} answers` }).isVisible()).toBe(true);
  expect(await shownReplies(reader).count()).toBe(50);
  expect(await reader.getByText(replyText(50), { exact: true }).isVisible()).toBe(true);
  expect(await reader.getByText(replyText(51), { exact: true }).count()).toBe(0);
  expect(await reader.getByTestId('earlier-replies').count()).toBe(0);
  await markDocument(reader);

  await reader.getByRole('link', { name: 'Show more replies (60 more)' }).click();
  await reader.getByText(replyText(100), { exact: true }).waitFor();
  expect(await shownReplies(reader).count()).toBe(100);
  expect(await reader.getByText(replyText(1), { exact: true }).isVisible()).toBe(true);
  expect(await sameDocument(reader)).toBe(true);
  // The address is the page just loaded, so a reload opens there.
  expect(new URL(reader.url()).search).toBe('?after=51');

  await reader.getByRole('link', { name: 'Show more replies (10 more)' }).click();
  await reader.getByText(replyText(110), { exact: true }).waitFor();
  expect(await shownReplies(reader).count()).toBe(110);
  expect(await reader.getByTestId('more-replies').count()).toBe(0);
  expect(await sameDocument(reader)).toBe(true);

  await reader.reload();
  await hydrated(reader);
  expect(await reader.getByText(replyText(110), { exact: true }).isVisible()).toBe(true);
  expect(await reader.getByTestId('earlier-replies').textContent()).toBe('Earlier replies (100)');
});

test('without JavaScript, the links open the next and the earlier page', async () => {
  const reader = await newPerson({ javaScriptEnabled: false });
  await reader.goto(topicPath);
  expect(await shownReplies(reader).count()).toBe(50);

  await reader.getByRole('link', { name: 'Show more replies (60 more)' }).click();
  await reader.waitForURL((url) => url.search === '?after=51');
  expect(await shownReplies(reader).count()).toBe(50);
  expect(await reader.getByText(replyText(51), { exact: true }).isVisible()).toBe(true);
  expect(await reader.getByText(replyText(100), { exact: true }).isVisible()).toBe(true);
  expect(await reader.getByText(replyText(50), { exact: true }).count()).toBe(0);
  // The question stays on every page.
  expect(await reader.getByText('Everyone has something to say.').isVisible()).toBe(true);

  await reader.getByRole('link', { name: 'Earlier replies (50)' }).click();
  await reader.waitForURL((url) => url.search === '?before=52');
  expect(await reader.getByText(replyText(1), { exact: true }).isVisible()).toBe(true);
  expect(await reader.getByText(replyText(50), { exact: true }).isVisible()).toBe(true);
  expect(await reader.getByTestId('earlier-replies').count()).toBe(0);
});

test('a link to a late post opens the page that holds it', async () => {
  const late = replyIds[104]!; // Reply 105
  const reader = await newPerson();
  await open(reader, `${topicPath}?near=${late}#post-${late}`);
  const post = reader.locator(`[data-testid="post"][id="post-${late}"]`);
  expect(await post.isVisible()).toBe(true);
  expect(await post.textContent()).toContain(replyText(105));
  expect(await reader.getByTestId('earlier-replies').isVisible()).toBe(true);

  // An old link with only the fragment jumps to that page too.
  const other = await newPerson();
  const older = replyIds[79]!; // Reply 80
  await other.goto(`${topicPath}#post-${older}`);
  await other.waitForURL((url) => url.searchParams.get('near') === String(older));
  await other.locator(`[data-testid="post"][id="post-${older}"]`).waitFor();
  expect(await other.getByText(replyText(80), { exact: true }).isVisible()).toBe(true);
});

test('a new reply is appended live at the end, and announced elsewhere', async () => {
  const atEnd = await newPerson();
  const onFirstPage = await newPerson();
  const subscribed = [liveSubscribed(atEnd), liveSubscribed(onFirstPage)];

  // Post numbers 62 to 111: Reply 61 to the last one.
  await open(atEnd, `${topicPath}?after=61`);
  expect(await atEnd.getByTestId('more-replies').count()).toBe(0);
  await open(onFirstPage, topicPath);
  await Promise.all(subscribed);
  await markDocument(atEnd);
  await markDocument(onFirstPage);

  const author = await signedIn(alice);
  await apiPost(author, `${topicPath.replace('/t/', '/api/topics/')}/posts`, { body: replyText(111) });

  await atEnd.getByText(replyText(111), { exact: true }).waitFor();
  expect(await shownReplies(atEnd).count()).toBe(51);
  expect(await atEnd.getByTestId('more-replies').count()).toBe(0);
  expect(await sameDocument(atEnd)).toBe(true);

  await onFirstPage.getByTestId('new-replies').waitFor();
  expect(await onFirstPage.getByText(replyText(111), { exact: true }).count()).toBe(0);
  expect(await onFirstPage.getByRole('link', { name: 'Show more replies (61 more)' }).isVisible()).toBe(true);
  expect(await sameDocument(onFirstPage)).toBe(true);
});

test('an edit to an appended reply shows in place, without a reload', async () => {
  const reader = await newPerson();
  const subscribed = liveSubscribed(reader);
  await open(reader, topicPath);
  await subscribed;
  await reader.getByRole('link', { name: /^Show more replies \(\d+ more\)$/ }).click();
  await reader.getByText(replyText(75), { exact: true }).waitFor();
  await markDocument(reader);

  // Reply 75 is post number 76: on the appended page, not the page's own window.
  const author = await signedIn(alice);
  const edited = `Reply 75, corrected, of ${runTag}`;
  const response = await author.request.patch(`/api/posts/${replyIds[74]}`, { data: { body: edited }, headers: { origin: server().url } });
  expect(response.status(), await response.text()).toBe(200);

  await reader.getByText(edited, { exact: true }).waitFor();
  expect(await reader.getByText(replyText(75), { exact: true }).count()).toBe(0);
  expect(await shownReplies(reader).count()).toBe(100);
  expect(await sameDocument(reader)).toBe(true);
});

