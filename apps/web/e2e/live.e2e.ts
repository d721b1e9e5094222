import type { Page, WebSocketRoute } from 'playwright-core';
import { expect, test } from 'vitest';
import { answer, ask, open, runTag, useTownhall } from './people.ts';

// Live updates in a real browser: what one person does appears on another person's open page
// through the websocket, without a reload.

const alice = 'alice@acme.test';
const ops = 'ops@demo.test';

const { newPerson, signedIn } = useTownhall();

/** Resolves once the page's live socket has confirmed a subscription to a channel starting with `prefix`. */
function liveSubscribed(page: Page, prefix: string): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        const text = String(payload);
        if (text.includes('"subscribed"') && text.includes(`"${prefix}`)) resolve();
      });
    });
  });
}

/** Marks the document, so a test can tell that the page was updated in place rather than reloaded. */
const markDocument = (page: Page) => page.evaluate(() => ((window as { __sameDocument?: boolean }).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument === true);

test('an answer appears on the asker’s open question without a reload', async () => {
  const customer = await signedIn(alice);
  const subscribed = liveSubscribed(customer, 'topic:');
  const title = `Live answer ${runTag}`;
  const questionPath = await ask(customer, title, 'Does this page update by itself?');
  await subscribed;
  await markDocument(customer);

  const staff = await signedIn(ops);
  await open(staff, questionPath);
  await answer(staff, `Answered live ${runTag}`);

  const arrived = customer.getByTestId('post').filter({ hasText: `Answered live ${runTag}` });
  await arrived.waitFor();
  expect(await customer.getByRole('heading', { name: '1 answer' }).isVisible()).toBe(true);
  expect(await sameDocument(customer)).toBe(true);
});

test('a board shows a bar for new topics, which brings them in when clicked', async () => {
  const reader = await newPerson();
  const subscribed = liveSubscribed(reader, 'board:');
  await open(reader, '/b/qa');
  await subscribed;
  await markDocument(reader);

  const customer = await signedIn(alice);
  const title = `Live topic ${runTag}`;
  await ask(customer, title, 'Shows up on the board?');

  const bar = reader.getByRole('button', { name: '1 new topic — show' });
  await bar.click();
  await reader.getByRole('link', { name: title }).waitFor();
  expect(await bar.count()).toBe(0);
  expect(await sameDocument(reader)).toBe(true);
});

test('a live event arriving while the page navigates does not cancel the navigation', async () => {
  // SvelteKit 2 aborts a navigation that an invalidation overlaps (sveltejs/kit#9354). Posting an
  // answer redirects to it while the answer's own live event reaches the open page: here that
  // event is held back until the redirect's data is being loaded, which is itself slowed down.
  const customer = await signedIn(alice);
  let subscribed!: () => void;
  const topicSubscribed = new Promise<void>((resolve) => (subscribed = resolve));
  let holding = false;
  const held: Array<() => void> = [];
  await customer.routeWebSocket(/\/api\/ws$/, (socket) => {
    const server = socket.connectToServer();
    server.onMessage((message) => {
      const text = String(message);
      if (text.includes('"subscribed"') && text.includes('"topic:')) subscribed();
      if (holding && text.includes('"post.created"')) held.push(() => socket.send(message));
      else socket.send(message);
    });
  });
  const questionPath = await ask(customer, `Live while navigating ${runTag}`, 'Where does posting take me?');
  await topicSubscribed;

  holding = true;
  await customer.route(/__data\.json\?near=/, async (route) => {
    holding = false;
    for (const release of held.splice(0)) release();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  const post = await answer(customer, `Posted while live ${runTag}`);
  expect(await post.textContent()).toContain(`Posted while live ${runTag}`);
  expect(new URL(customer.url()).pathname).toBe(questionPath);
});

test('a page that lost its socket catches up on what was answered meanwhile, from an opaque cursor', async () => {
  const customer = await signedIn(alice);
  let subscribed!: () => void;
  const topicSubscribed = new Promise<void>((resolve) => (subscribed = resolve));
  // While cut off, every socket the page opens is closed at once: it cannot hear the answer live.
  let cutOff = false;
  const routed = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  const sentByPage: string[] = [];
  await customer.routeWebSocket(/\/api\/ws$/, (socket) => {
    if (cutOff) return socket.close({ code: 1011 });
    const server = socket.connectToServer();
    routed.add({ page: socket, server });
    socket.onMessage((message) => {
      sentByPage.push(String(message));
      server.send(message);
    });
    server.onMessage((message) => {
      const text = String(message);
      if (text.includes('"subscribed"') && text.includes('"topic:')) subscribed();
      socket.send(message);
    });
  });
  const questionPath = await ask(customer, `Answered while away ${runTag}`, 'Will I see it after the connection drops?');
  await topicSubscribed;
  await markDocument(customer);

  cutOff = true;
  for (const { page, server } of routed) await Promise.all([page.close(), server.close()]);
  const staff = await signedIn(ops);
  await open(staff, questionPath);
  await answer(staff, `Answered while away ${runTag}`);
  cutOff = false;

  await customer.getByTestId('post').filter({ hasText: `Answered while away ${runTag}` }).waitFor();
  expect(await sameDocument(customer)).toBe(true);
  const catchUps = sentByPage.map((text) => JSON.parse(text) as { type: string; sinceId?: unknown }).filter((message) => message.type === 'catchUp');
  expect(catchUps.length).toBeGreaterThan(0);
  for (const { sinceId } of catchUps) expect(sinceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
});

test('a page whose session ends in another tab shows itself signed out, by itself, keeping an answer being written', async () => {
  const customer = await signedIn(alice);
  const subscribed = liveSubscribed(customer, 'topic:');
  const questionPath = await ask(customer, `Signed out elsewhere ${runTag}`, 'Does this tab notice?');
  await subscribed;
  const typed = `An answer written while signed out elsewhere ${runTag}`;
  await customer.getByLabel('Answer', { exact: true }).fill(typed);

  // Another tab of the same browser signs out: the cookie is gone, and so is the session.
  const otherTab = await customer.context().newPage();
  await open(otherTab, questionPath);
  await otherTab.getByRole('button', { name: 'Sign out' }).click();
  await otherTab.getByRole('link', { name: 'Sign in', exact: true }).waitFor();

  // The first tab's socket is closed as its session ended; the page reads its data again as a guest.
  await customer.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
  expect(await customer.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  // What was being written stays, with why it cannot be sent now.
  await customer.getByTestId('signed-out-while-writing').waitFor();
  expect(await customer.getByLabel('Answer', { exact: true }).inputValue()).toBe(typed);
  expect(await customer.getByRole('button', { name: 'Post your answer' }).isDisabled()).toBe(true);
});

test('an answer being written stays on screen when the question is locked meanwhile', async () => {
  const customer = await signedIn(alice);
  const subscribed = liveSubscribed(customer, 'topic:');
  const questionPath = await ask(customer, `Locked while writing ${runTag}`, 'Will my answer survive?');
  await subscribed;
  const typed = `Half-written answer ${runTag}`;
  await customer.getByLabel('Answer', { exact: true }).fill(typed);

  const staff = await signedIn(ops);
  await open(staff, questionPath);
  await staff.getByRole('button', { name: 'Lock', exact: true }).click();
  await staff.getByTestId('locked-badge').waitFor();

  await customer.getByTestId('locked-while-writing').waitFor();
  await customer.getByTestId('locked-badge').waitFor();
  expect(await customer.getByLabel('Answer', { exact: true }).inputValue()).toBe(typed);
  expect(await customer.getByRole('button', { name: 'Post your answer' }).isDisabled()).toBe(true);
  // Staff who locked it with nothing written see the question as it now is, with no such notice.
  await staff.getByText('This question is locked, so it takes no new answers.').waitFor();
  expect(await staff.getByTestId('locked-while-writing').count()).toBe(0);
});
