import { expect, test } from 'vitest';
import { ask, hydrated, runTag, signedOutNotice, submitAfterSessionEnded, useTownhall } from './people.ts';

// Nothing written for a release note, a beta program or a demand is lost when the session ends
// before it is sent (signed out in another tab, an expired session). Signing in again is simulated
// by putting the session cookie back: sign-in is rate-limited (10 a minute per IP) and each test
// here would otherwise need several.

const { signedIn } = useTownhall();

for (const script of [false, true]) {
  const how = script ? 'with JavaScript' : 'without JavaScript';

  test(`${how}, a release note written or edited after the session ended comes back with its text`, async () => {
    const pm = await signedIn('pm@demo.test', { javaScriptEnabled: script });
    const title = `Written while signed out (${runTag}, ${how})`;
    const notePath = await submitAfterSessionEnded(pm, {
      path: '/release-notes/new',
      fields: {
        Title: title,
        Version: '9.1.0',
        'Introduction (what it is)': `An introduction with <angle> & ampersand (${runTag}).`,
        'Scenarios (when to use it)': '- When the session ends',
        'Precautions (limits, risks, migration)': 'None, _really_.',
      },
      button: 'Save release note',
      landsOn: /\/release-notes\/\d+$/,
      script,
    });
    await pm.getByRole('heading', { level: 1, name: title }).waitFor();

    await submitAfterSessionEnded(pm, {
      path: `${notePath}/edit`,
      fields: { Title: `${title}, retitled`, 'Introduction (what it is)': `A second introduction (${runTag}).` },
      button: 'Save changes',
      landsOn: new RegExp(`${notePath}$`),
      script,
    });
    await pm.getByRole('heading', { level: 1, name: `${title}, retitled` }).waitFor();
  });

  test(`${how}, a beta program written or edited after the session ended comes back with its text`, async () => {
    const pm = await signedIn('pm@demo.test', { javaScriptEnabled: script });
    const title = `Beta written while signed out (${runTag}, ${how})`;
    const programPath = await submitAfterSessionEnded(pm, {
      path: '/beta/new',
      fields: {
        Title: title,
        'Introduction (what participants will try)': `Try <angle> & ampersand (${runTag}).`,
        'Precautions (data risks, confidentiality)': 'Keep it _confidential_.',
      },
      button: 'Create program',
      landsOn: /\/beta\/\d+$/,
      script,
    });
    await pm.getByRole('heading', { level: 1, name: title }).waitFor();

    await submitAfterSessionEnded(pm, {
      path: `${programPath}/edit`,
      fields: { Title: `${title}, retitled`, 'Introduction (what participants will try)': `A second introduction (${runTag}).` },
      button: 'Save changes',
      landsOn: new RegExp(`${programPath}$`),
      script,
    });
    await pm.getByRole('heading', { level: 1, name: `${title}, retitled` }).waitFor();
  });
}

test('without JavaScript, a refused score or status keeps its reason; after the session ended the error page holds it', async () => {
  const pm = await signedIn('pm@demo.test', { javaScriptEnabled: false });
  await ask(pm, `Scored after signing out (${runTag})`, 'Please add this.', { script: false });
  await pm.getByText('Demand research').click();
  await pm.getByTestId('make-demand').click();
  await pm.waitForURL(/\/demands\/\d+$/);
  const demandPath = new URL(pm.url()).pathname;

  // A reason longer than the API takes is refused, and comes back as typed with the scores.
  const tooLong = `An override reason (${runTag}) `.padEnd(2001, 'x');
  await pm.getByLabel('User value relevance (0–10)').fill('3');
  await pm.getByLabel('Business value relevance (0–10)').fill('8');
  await pm.getByLabel('Override the verdict').selectOption({ index: 1 });
  await pm.getByLabel('Reason for the override').fill(tooLong);
  await pm.getByRole('button', { name: 'Save score' }).click();
  await pm.waitForURL(`**${demandPath}?/score`);
  expect(await pm.getByLabel('Reason for the override').inputValue()).toBe(tooLong);
  expect(await pm.getByLabel('User value relevance (0–10)').inputValue()).toBe('3');
  expect(await pm.getByLabel('Override the verdict').inputValue()).not.toBe('');

  // Only staff read a demand: signed out meanwhile, the page cannot be shown again, so the error
  // page says why and holds the reason.
  const reason = `Declined while signed out (${runTag}), with <angle> & ampersand.`;
  await pm.goto(demandPath);
  await pm.getByTestId('status-form').getByLabel('Status').selectOption('declined');
  await pm.getByLabel('Reason (shown to the askers when declined)').fill(reason);
  await pm.context().clearCookies();
  await pm.getByRole('button', { name: 'Set status' }).click();
  await pm.getByText('You are signed out, so this was not saved.', { exact: false }).waitFor();
  expect(await pm.getByLabel('Your text was not posted. Here it is, to copy:').inputValue()).toBe(reason);
});

test('without JavaScript, an application or feedback sent after the session ended keeps its text', async () => {
  const manager = await signedIn('pm@demo.test');
  await manager.goto('/beta/new');
  await hydrated(manager);
  await manager.getByLabel('Title').fill(`Beta applied to after signing out (${runTag})`);
  await manager.getByLabel('Introduction (what participants will try)').fill('Try it.');
  await manager.getByLabel('Precautions (data risks, confidentiality)').fill('None.');
  await manager.getByRole('button', { name: 'Create program' }).click();
  await manager.waitForURL(/\/beta\/\d+$/);
  const programPath = new URL(manager.url()).pathname;
  await manager.getByRole('button', { name: 'Open recruiting' }).click();
  await manager.getByTestId('beta-program-status').filter({ hasText: 'Recruiting' }).waitFor();

  // The program cannot be read by a guest: the error page holds the answer.
  const alice = await signedIn('alice@acme.test', { javaScriptEnabled: false });
  await alice.goto(programPath);
  const role = `IT admin, typed while signed out (${runTag})`;
  await alice.getByLabel('What is your role?').fill(role);
  await alice.getByLabel('I accept the precautions').check();
  const cookies = await alice.context().cookies();
  await alice.context().clearCookies();
  await alice.getByRole('button', { name: 'Apply' }).click();
  await alice.getByText('You are signed out, so this was not saved.', { exact: false }).waitFor();
  expect(await alice.getByLabel('Your text was not posted. Here it is, to copy:').inputValue()).toBe(role);

  await alice.context().addCookies(cookies);
  await alice.goto(programPath);
  await alice.getByLabel('What is your role?').fill(role);
  await alice.getByLabel('I accept the precautions').check();
  await alice.getByRole('button', { name: 'Apply' }).click();
  await alice.getByTestId('beta-application-status').filter({ hasText: 'Pending review' }).waitFor();
  await manager.goto(`${programPath}/applications`);
  await hydrated(manager);
  await manager.getByTestId('beta-application-row').filter({ hasText: 'alice@acme.test' }).getByRole('button', { name: 'Accept' }).click();
  await manager.getByTestId('beta-seats').filter({ hasText: '1 of' }).waitFor();

  // Feedback comes back in its form, with the notice.
  const feedbackPath = `${programPath}/feedback`;
  const title = `Feedback typed while signed out (${runTag})`;
  const details = `Details with <angle> & ampersand (${runTag}).`;
  await alice.goto(feedbackPath);
  await alice.getByLabel('Title').fill(title);
  await alice.getByLabel('Details').fill(details);
  await alice.context().clearCookies();
  await alice.getByRole('button', { name: 'Post feedback' }).click();
  await alice.getByText(signedOutNotice).waitFor();
  expect(new URL(alice.url()).pathname).toBe(feedbackPath);
  expect(await alice.getByLabel('Title').inputValue()).toBe(title);
  expect(await alice.getByLabel('Details').inputValue()).toBe(details);
  await alice.context().addCookies(cookies);
  await alice.getByRole('button', { name: 'Post feedback' }).click();
  await alice.waitForURL(/\/t\/\d+$/);
  await alice.getByRole('heading', { level: 1, name: title }).waitFor();
});
