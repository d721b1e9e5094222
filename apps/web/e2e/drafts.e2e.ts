import { expect, test } from 'vitest';
import { ask, hydrated, open, runTag, useTownhall } from './people.ts';

// Nothing a person writes is lost: unsent text in a Markdown field survives a reload, is gone
// once posted, and can be discarded; another person on the same browser never sees it.

const { signedIn, signIn } = useTownhall();

test('an unsent answer survives a reload, is forgotten once posted, and can be discarded', async () => {
  const alice = await signedIn('alice@acme.test');
  const questionPath = await ask(alice, `Where are the API keys? (${runTag})`, 'I cannot find them.');
  const reply = alice.getByLabel('Answer', { exact: true });
  const typed = `Found them under **Settings → API** (${runTag}).`;
  await reply.fill(typed);
  // Saved while typing (after a short pause); a reload brings it back.
  await expect.poll(() => alice.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('.reply:')).length)).toBe(1);
  await alice.reload();
  await hydrated(alice);
  await alice.getByTestId('draft-restored').waitFor();
  expect(await reply.inputValue()).toBe(typed);

  // Posted: the draft is gone, and the next visit starts empty.
  await alice.getByRole('button', { name: 'Post your answer' }).click();
  await alice.waitForURL(/\/t\/\d+\?near=\d+#post-\d+$/);
  await alice.getByTestId('post').filter({ hasText: 'Found them under' }).waitFor();
  await open(alice, questionPath);
  expect(await reply.inputValue()).toBe('');
  expect(await alice.getByTestId('draft-restored').count()).toBe(0);

  // Discarded: back to empty, and it stays away after a reload.
  await reply.fill('Never mind this one.');
  await expect.poll(() => alice.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('.reply:')).length)).toBe(1);
  await alice.reload();
  await hydrated(alice);
  await alice.getByRole('button', { name: 'Discard it' }).click();
  expect(await reply.inputValue()).toBe('');
  await alice.reload();
  await hydrated(alice);
  expect(await reply.inputValue()).toBe('');
  expect(await alice.getByTestId('draft-restored').count()).toBe(0);

  // Another person signed in on the same browser does not get Alice's draft.
  await reply.fill('Alice only.');
  await expect.poll(() => alice.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('.reply:')).length)).toBe(1);
  await alice.goto('/sign-in');
  await alice.context().clearCookies();
  await alice.goto('/sign-in');
  await hydrated(alice);
  await alice.getByLabel('Email').fill('bob@tinyco.test');
  await alice.getByLabel('Password').fill('townhall-demo');
  await alice.getByRole('button', { name: 'Sign in', exact: true }).click();
  await alice.waitForURL((url) => url.pathname !== '/sign-in');
  await open(alice, questionPath);
  expect(await reply.inputValue()).toBe('');
});

test('without JavaScript, a refused question comes back with its text, and an edit starts from the post’s text', async () => {
  const bob = await signedIn('bob@tinyco.test', { javaScriptEnabled: false });
  await bob.goto('/b/qa/new');
  const body = `Text that must not be lost (${runTag}), with <angle> & ampersand.`;
  await bob.getByLabel('Title').fill(`Refused for its tag (${runTag})`);
  await bob.getByLabel('Details').fill(body);
  await bob.getByLabel('Tags').fill('bad tag!!');
  await bob.getByRole('button', { name: 'Post your question' }).click();
  await bob.getByText('is not a tag', { exact: false }).first().waitFor();
  expect(await bob.getByLabel('Details').inputValue()).toBe(body);

  // Posted with a good tag, then opened for editing: the box holds the current text.
  await bob.getByLabel('Tags').fill('export');
  await bob.getByRole('button', { name: 'Post your question' }).click();
  await bob.waitForURL(/\/t\/\d+$/);
  const postId = await bob.getByTestId('post').first().getAttribute('id');
  await bob.goto(`/p/${postId!.replace('post-', '')}/edit`);
  expect(await bob.getByLabel('Text').inputValue()).toBe(body);
});

test('text refused by the server stays a draft: leaving and coming back brings it back', async () => {
  const alice = await signedIn('alice@acme.test');
  await open(alice, '/b/qa/new');
  const body = `Refused, then kept (${runTag}).`;
  await alice.getByLabel('Title').fill(`Kept after a refusal (${runTag})`);
  await alice.getByLabel('Details').fill(body);
  await alice.getByLabel('Tags').fill('bad tag!!');
  await alice.getByRole('button', { name: 'Post your question' }).click();
  await alice.getByText('is not a tag', { exact: false }).first().waitFor();
  await alice.reload();
  await hydrated(alice);
  await alice.getByTestId('draft-restored').waitFor();
  expect(await alice.getByLabel('Details').inputValue()).toBe(body);
});

test('without JavaScript, a question or an answer sent after the session ended comes back with its text and says why', async () => {
  const bob = await signedIn('bob@tinyco.test', { javaScriptEnabled: false });
  const questionPath = await ask(bob, `Asked before signing out (${runTag})`, 'Opening post.', { script: false });
  const answer = `An answer written while the session ended (${runTag}).`;
  await bob.getByLabel('Answer', { exact: true }).fill(answer);
  await bob.context().clearCookies();
  await bob.getByRole('button', { name: 'Post your answer' }).click();
  await bob.getByText('You are signed out').waitFor();
  expect(new URL(bob.url()).pathname).toBe(questionPath);
  expect(await bob.getByLabel('Answer', { exact: true }).inputValue()).toBe(answer);

  await signIn(bob, 'bob@tinyco.test');
  await bob.goto('/b/qa/new');
  const details = `A question written while the session ended (${runTag}).`;
  await bob.getByLabel('Title').fill(`Signed out while asking (${runTag})`);
  await bob.getByLabel('Details').fill(details);
  await bob.context().clearCookies();
  await bob.getByRole('button', { name: 'Post your question' }).click();
  await bob.getByText('You are signed out').waitFor();
  expect(await bob.getByLabel('Details').inputValue()).toBe(details);
  expect(await bob.getByLabel('Title').inputValue()).toBe(`Signed out while asking (${runTag})`);
});

test('a one-click action after the session ended says so, without promising to keep any text', async () => {
  const alice = await signedIn('alice@acme.test');
  const questionPath = await ask(alice, `Voted on after signing out (${runTag})`, 'Anyone else?');
  const bob = await signedIn('bob@tinyco.test');
  await open(bob, questionPath);
  await bob.context().clearCookies();
  await bob.getByTestId('vote-button').click();
  await bob.getByText('You are signed out. Sign in in another tab, then try again.').waitFor();
  expect(await bob.getByText('your text is kept here').count()).toBe(0);
  expect(new URL(bob.url()).pathname).toBe(questionPath);
});
