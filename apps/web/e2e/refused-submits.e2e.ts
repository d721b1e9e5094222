import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { ask, deletePost, open, runTag, useTownhall } from './people.ts';

// Nothing a person writes is lost, also when the server refuses it because the page changed under
// them: the session ended, or the question they answer was deleted. Few sign-ins per file: sign-in
// is rate-limited (10 a minute per IP).

const { signedIn, signIn } = useTownhall();

test('without JavaScript, an edit sent after the session ended comes back with its text and says to sign in again', async () => {
  const bob = await signedIn('bob@tinyco.test', { javaScriptEnabled: false });
  await ask(bob, `Edited after signing out (${runTag})`, 'The first version.', { script: false });
  const postId = (await bob.getByTestId('post').first().getAttribute('id'))!.replace('post-', '');
  const editPath = `/p/${postId}/edit`;
  await bob.goto(editPath);

  const title = `Edited after signing out, retitled (${runTag})`;
  const body = `A second version written while the session ended (${runTag}), with <angle> & ampersand.`;
  await bob.getByLabel('Title').fill(title);
  await bob.getByLabel('Text').fill(body);
  await bob.context().clearCookies();
  await bob.getByRole('button', { name: 'Save changes' }).click();

  await bob.getByText('You are signed out. Sign in in another tab, then submit again — your text is kept here.').waitFor();
  expect(new URL(bob.url()).pathname).toBe(editPath);
  expect(await bob.getByLabel('Text').inputValue()).toBe(body);
  expect(await bob.getByLabel('Title').inputValue()).toBe(title);
  // The header's sign-in link comes back to the edit page.
  const signInHref = await bob.getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href');
  expect(new URL(signInHref!, bob.url()).searchParams.get('redirectTo')).toBe(editPath);

  // Signed in again, the same form saves the kept text.
  const signInTab = await bob.context().newPage();
  await signIn(signInTab, 'bob@tinyco.test');
  await bob.getByRole('button', { name: 'Save changes' }).click();
  await bob.waitForURL(/\/t\/\d+\?near=\d+#post-\d+$/);
  await bob.getByRole('heading', { name: title }).waitFor();
  await bob.getByTestId('post').filter({ hasText: 'A second version written while the session ended' }).waitFor();

  // An edit of a post deleted meanwhile (in the other tab) has no page to come back to: the error
  // page holds its text.
  const questionPath = new URL(bob.url()).pathname;
  await bob.goto(editPath);
  const lastBody = `A third version, for a post deleted meanwhile (${runTag}).`;
  await bob.getByLabel('Text').fill(lastBody);
  await signInTab.goto(questionPath);
  await deletePost(signInTab.getByTestId('post').first());
  await signInTab.waitForURL((url) => url.pathname === '/');
  await bob.getByRole('button', { name: 'Save changes' }).click();
  await bob.getByText('It was deleted, or closed to you, while you were writing.').waitFor();
  expect(await bob.getByLabel('Your text was not posted. Here it is, to copy:').inputValue()).toBe(lastBody);
});

test('an answer sent to a question deleted meanwhile comes back with its text and says the question is gone, with and without JavaScript', async () => {
  const alice = await signedIn('alice@acme.test');
  const bobWithoutScript = await signedIn('bob@tinyco.test', { javaScriptEnabled: false });
  const bob = await signedIn('bob@tinyco.test');

  /** Alice asks, the reader starts an answer, Alice deletes her question, then the reader sends it. */
  async function answerDeletedQuestion(reader: Page, answer: string, { script }: { script: boolean }) {
    const questionPath = await ask(alice, `Deleted while answered (${runTag}, script ${script})`, 'I will delete this.');
    if (script) await open(reader, questionPath);
    else await reader.goto(questionPath);
    await reader.getByLabel('Answer', { exact: true }).fill(answer);
    await deletePost(alice.getByTestId('post').first());
    await alice.waitForURL((url) => url.pathname === '/');
    await reader.getByRole('button', { name: 'Post your answer' }).click();
  }

  // Without script the question cannot be shown again: the error page says why and holds the text.
  const answerWithoutScript = `An answer to a question that is gone (${runTag}), with <angle> & ampersand.`;
  await answerDeletedQuestion(bobWithoutScript, answerWithoutScript, { script: false });
  await bobWithoutScript.getByText('It was deleted, or closed to you, while you were writing.').waitFor();
  expect(await bobWithoutScript.getByLabel('Your text was not posted. Here it is, to copy:').inputValue()).toBe(answerWithoutScript);

  // With script the question stays on screen, and the form says why under the kept text.
  const answerWithScript = `An answer with script to a question that is gone (${runTag}).`;
  await answerDeletedQuestion(bob, answerWithScript, { script: true });
  await bob.getByText('This question was deleted, or closed to you, while you were writing, so your answer was not posted.', { exact: false }).waitFor();
  expect(await bob.getByLabel('Answer', { exact: true }).inputValue()).toBe(answerWithScript);
});

test('a demand title typed by staff whose session ended comes back with the notice', async () => {
  const pm = await signedIn('pm@demo.test');
  await ask(pm, `Turned into a demand after signing out (${runTag})`, 'Please add this.');
  await pm.getByText('Demand research').click();
  const demandTitle = `A demand title typed while the session ended (${runTag})`;
  await pm.getByLabel('Demand title').fill(demandTitle);
  await pm.context().clearCookies();
  await pm.getByTestId('make-demand').click();

  await pm.getByText('You are signed out. Sign in in another tab, then submit again — your text is kept here.').waitFor();
  expect(await pm.getByLabel('Demand title').inputValue()).toBe(demandTitle);
  expect(await pm.getByLabel('Demand title').isVisible()).toBe(true);

  // Signed in again in another tab, the kept title is sent as it is.
  await signIn(await pm.context().newPage(), 'pm@demo.test');
  await pm.getByTestId('make-demand').click();
  await pm.waitForURL(/\/demands\/\d+$/);
  await pm.getByRole('heading', { name: demandTitle }).waitFor();
});

test('with JavaScript, an edit of a post deleted meanwhile keeps its text and says the post is gone', async () => {
  const bob = await signedIn('bob@tinyco.test');
  const questionPath = await ask(bob, `Deleted while edited (${runTag})`, 'The first version.');
  const postId = (await bob.getByTestId('post').first().getAttribute('id'))!.replace('post-', '');
  await open(bob, `/p/${postId}/edit`);
  const body = `An edit of a post deleted in another tab (${runTag}).`;
  await bob.getByLabel('Text').fill(body);

  const otherTab = await bob.context().newPage();
  await open(otherTab, questionPath);
  await deletePost(otherTab.getByTestId('post').first());
  await otherTab.waitForURL((url) => url.pathname === '/');

  await bob.getByRole('button', { name: 'Save changes' }).click();
  await bob.getByText('This post was deleted, or closed to you, while you were editing, so your changes were not saved.', { exact: false }).waitFor();
  expect(await bob.getByLabel('Text').inputValue()).toBe(body);
});
