import { describe, expect, test } from 'vitest';
import { hydrated, runTag, useTownhall } from './people.ts';

// A whole beta in a real browser: a PM creates a program and opens recruiting, a customer applies,
// the PM accepts, the participant posts in the private feedback area, and another customer
// cannot see it.

const pm = 'pm@demo.test';
const alice = 'alice@acme.test';
const bob = 'bob@tinyco.test';

const { signedIn } = useTownhall();

describe('beta programs', () => {
  test('a PM recruits a customer who gives private feedback', async () => {
    const title = `Beta: bulk export (${runTag})`;

    const manager = await signedIn(pm);
    await manager.goto('/beta');
    await manager.getByRole('link', { name: 'New program' }).click();
    await manager.waitForURL('**/beta/new');
    await hydrated(manager);
    await manager.getByLabel('Title').fill(title);
    await manager.getByLabel('Introduction (what participants will try)').fill('Export **everything** at once.');
    await manager.getByLabel('Precautions (data risks, confidentiality)').fill('Keep it _confidential_.');
    await manager.getByLabel('Capacity').fill('2');
    await manager.getByRole('button', { name: 'Create program' }).click();
    await manager.waitForURL(/\/beta\/\d+$/);
    const programPath = new URL(manager.url()).pathname;
    expect(await manager.getByTestId('beta-program-status').innerText()).toBe('Draft');
    await manager.getByRole('button', { name: 'Open recruiting' }).click();
    await manager.getByTestId('beta-program-status').filter({ hasText: 'Recruiting' }).waitFor();

    // The customer finds it with its seats, and applies.
    const participant = await signedIn(alice);
    await participant.goto('/beta');
    await participant.getByRole('link', { name: title }).click();
    await participant.waitForURL(`**${programPath}`);
    await hydrated(participant);
    expect(await participant.getByTestId('beta-seats').innerText()).toBe('0 of 2 seats taken');
    await participant.getByLabel('What is your role?').fill('IT admin');
    await participant.getByLabel('I accept the precautions').check();
    // Signed out meanwhile (the cookie is gone): refused, with the answers kept; back in, it goes through.
    const cookies = await participant.context().cookies();
    await participant.context().clearCookies();
    await participant.getByRole('button', { name: 'Apply' }).click();
    await participant.getByText('You are signed out').waitFor();
    expect(await participant.getByLabel('What is your role?').inputValue()).toBe('IT admin');
    await participant.context().addCookies(cookies);
    await participant.getByRole('button', { name: 'Apply' }).click();
    await participant.getByTestId('beta-application-status').filter({ hasText: 'Pending review' }).waitFor();

    // The PM accepts her from the applications page.
    await manager.goto(`${programPath}/applications`);
    await hydrated(manager);
    await manager.getByTestId('beta-application-row').filter({ hasText: alice }).getByRole('button', { name: 'Accept' }).click();
    await manager.getByTestId('beta-seats').filter({ hasText: '1 of 2 seats taken' }).waitFor();

    // She now sees the feedback area and posts there.
    await participant.goto(programPath);
    expect(await participant.getByTestId('beta-application-status').innerText()).toBe('Accepted');
    await participant.getByTestId('beta-feedback-link').click();
    await participant.waitForURL(`**${programPath}/feedback`);
    await hydrated(participant);
    const feedbackTitle = `Export stops at 10,000 rows (${runTag})`;
    await participant.getByLabel('Title').fill(feedbackTitle);
    await participant.getByLabel('Details').fill('Larger exports **stop** without an error.');
    // Signed out meanwhile: refused with the text kept; back in, it goes through.
    const cookiesNow = await participant.context().cookies();
    await participant.context().clearCookies();
    await participant.getByRole('button', { name: 'Post feedback' }).click();
    await participant.getByText('You are signed out').waitFor();
    expect(await participant.getByLabel('Details').inputValue()).toBe('Larger exports **stop** without an error.');
    expect(await participant.getByLabel('Title').inputValue()).toBe(feedbackTitle);
    await participant.context().addCookies(cookiesNow);
    await participant.getByRole('button', { name: 'Post feedback' }).click();
    await participant.waitForURL(/\/t\/\d+$/);
    const topicPath = new URL(participant.url()).pathname;
    await participant.getByRole('heading', { level: 1, name: feedbackTitle }).waitFor();

    // Another customer sees the program but not the feedback area, by link or by address.
    const outsider = await signedIn(bob);
    await outsider.goto(programPath);
    await outsider.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await outsider.getByTestId('beta-feedback-link').count()).toBe(0);
    expect((await outsider.goto(topicPath))?.status()).toBe(404);
    expect((await outsider.goto(`${programPath}/feedback`))?.status()).toBe(404);
    await outsider.goto('/');
    expect(await outsider.getByText(feedbackTitle).count()).toBe(0);
  });

  test('a PM names organizations by name, not by id, and the edit form shows them picked', async () => {
    const manager = await signedIn(pm);
    await manager.goto('/beta/new');
    await hydrated(manager);
    const title = `Beta: named organizations (${runTag})`;
    await manager.getByLabel('Title').fill(title);
    await manager.getByLabel('Introduction (what participants will try)').fill('Try it.');
    await manager.getByLabel('Precautions (data risks, confidentiality)').fill('None.');
    await manager.getByLabel('Named organizations').selectOption([{ label: 'Acme (Head account)' }, { label: 'TinyCo (Tail account)' }]);
    await manager.getByLabel('Capacity').fill('3');
    await manager.getByRole('button', { name: 'Create program' }).click();
    await manager.waitForURL((url) => /^\/beta\/\d+$/.test(url.pathname));

    await manager.goto(`${new URL(manager.url()).pathname}/edit`);
    const picked = await manager.getByLabel('Named organizations').locator('option:checked').allInnerTexts();
    expect(picked.sort()).toEqual(['Acme (Head account)', 'TinyCo (Tail account)']);
  });

  test('without JavaScript, a refused application comes back with every answer, the tick too, and the error under its question', async () => {
    const applicant = await signedIn(bob, { javaScriptEnabled: false });
    await applicant.goto('/beta');
    await applicant.getByRole('link', { name: 'Beta: scheduled report e-mails to external recipients' }).click();
    const applyForm = applicant.getByTestId('beta-apply-form');
    // Spaces pass the browser's own check; the API refuses them as no answer.
    await applyForm.getByLabel('What is your role?').fill('   ');
    await applyForm.getByLabel('Which reports would you send, and to whom?').fill(`Weekly usage to our CFO (${runTag}).`);
    await applyForm.getByLabel('6-20').check();
    await applyForm.getByLabel('I accept the precautions').check();
    await applyForm.getByRole('button', { name: 'Apply' }).click();

    const error = applyForm.locator('#answer-role-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/^This answer (is required|must not be empty)/);
    expect(await applyForm.getByLabel('What is your role?').getAttribute('aria-invalid')).toBe('true');
    expect(await applyForm.getByLabel('Which reports would you send, and to whom?').inputValue()).toBe(`Weekly usage to our CFO (${runTag}).`);
    expect(await applyForm.getByLabel('6-20').isChecked()).toBe(true);
    expect(await applyForm.getByLabel('I accept the precautions').isChecked()).toBe(true);
  });
});
