import { expect, test } from 'vitest';
import { ask, hydrated, open, runTag, useTownhall } from './people.ts';

// Nothing a person writes is lost: unsent text in a Markdown field survives a reload, is gone
// once posted, and can be discarded; another person on the same browser never sees it.

const { signedIn } = useTownhall();

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
