import { describe, expect, test } from 'vitest';
import { ask, open, runTag, useTownhall } from './people.ts';

// An admin adds a Q&A board and chooses who reads it, without JavaScript; staff then move a
// question there from its page.

const { newPerson, signedIn } = useTownhall();
const withoutScript = { javaScriptEnabled: false };

describe('boards and topics', () => {
  test('an admin adds a Q&A board, is told what is wrong with an address, and makes one members-only', async () => {
    const admin = await signedIn('admin@demo.test', withoutScript);
    await admin.goto('/admin');
    await admin.getByRole('link', { name: 'Boards' }).click();
    const create = admin.locator('form[action="?/create"]');

    await create.getByLabel('Name').fill('Bad address');
    await create.getByLabel('Address (optional)').fill('Bad Address');
    await create.getByRole('button', { name: 'Add board' }).click();
    await admin.locator('#slug-new-error').getByText('Address may hold only lower-case letters').waitFor();
    // The refused form keeps what was typed.
    expect(await admin.locator('form[action="?/create"]').getByLabel('Name').inputValue()).toBe('Bad address');

    await admin.locator('form[action="?/create"]').getByLabel('Name').fill('Reports & Exports');
    await admin.locator('form[action="?/create"]').getByLabel('Address (optional)').fill('');
    await admin.locator('form[action="?/create"]').getByLabel('Description').fill('Scheduled reports, CSV and Excel exports.');
    await admin.locator('form[action="?/create"]').getByRole('button', { name: 'Add board' }).click();
    await admin.getByRole('status').getByText('Added Reports & Exports at /b/reports-exports.').waitFor();
    const card = admin.getByTestId('admin-board').filter({ hasText: '/b/reports-exports' });
    expect(await card.innerText()).toContain('0 topics');
    // Nobody covers a new board yet: its questions go to everyone on duty, and the page says so.
    expect(await card.getByTestId('board-coverage').innerText()).toBe('Nobody covers this board: its questions go to every PM and ops member on duty.');
    // Last in the header, after the three boards (beta feedback areas are not counted).
    expect(await card.getByLabel('Order in the header').inputValue()).toBe('4');

    // Everyone finds it in the header, and its page describes it.
    const guest = await newPerson(withoutScript);
    await guest.goto('/');
    await guest.getByRole('banner').getByRole('link', { name: 'Reports & Exports' }).click();
    await guest.getByText('Scheduled reports, CSV and Excel exports.').waitFor();

    // Members only: guests no longer see it; signed-in customers do.
    await card.getByLabel('Who reads it').selectOption('members');
    await card.getByRole('button', { name: 'Save' }).click();
    await admin.getByTestId('admin-board').filter({ hasText: '/b/reports-exports' }).getByRole('status').getByText('Saved.').waitFor();
    await guest.goto('/');
    expect(await guest.getByRole('banner').getByRole('link', { name: 'Reports & Exports' }).count()).toBe(0);
    await guest.goto('/b/reports-exports');
    expect(new URL(guest.url()).pathname).toBe('/sign-in');
    expect(await guest.getByText('Scheduled reports').count()).toBe(0);

    // The beta board's readers are fixed: its form offers no choice.
    const beta = admin.getByTestId('admin-board').filter({ hasText: '/b/beta ' });
    expect(await beta.getByLabel('Who reads it').count()).toBe(0);
  });

  test('staff move a question to another Q&A board from its page', async () => {
    const title = `Weekly export is empty ${runTag}`;
    const alice = await signedIn('alice@acme.test');
    const path = await ask(alice, title, 'Since Monday the weekly export has no rows.');

    const ops = await signedIn('ops@demo.test');
    await open(ops, path);
    await ops.getByTestId('move-topic').getByLabel('Move to').selectOption({ label: 'Reports & Exports' });
    await ops.getByTestId('move-topic').getByRole('button', { name: 'Move' }).click();
    await ops.locator('.breadcrumb').getByRole('link', { name: '← Reports & Exports' }).waitFor();

    await open(alice, '/b/reports-exports');
    await alice.getByRole('link', { name: title }).waitFor();
    // Customers get no move control.
    await open(alice, path);
    expect(await alice.getByTestId('move-topic').count()).toBe(0);

    // Deleting the whole topic asks first: opening "Delete…" changes nothing yet.
    const moderation = ops.getByRole('group', { name: 'Moderate this topic' });
    await moderation.getByText('Delete…').click();
    expect(await moderation.getByRole('button', { name: 'Restore' }).count()).toBe(0);
    await moderation.getByRole('button', { name: 'Delete topic' }).click();
    await moderation.getByRole('button', { name: 'Restore' }).waitFor();
  });

  test('the asker changes the tags after asking, and the history shows it', async () => {
    const title = `Tags come later ${runTag}`;
    const alice = await signedIn('alice@acme.test');
    const path = await ask(alice, title, 'Which tags fit?');
    await alice.getByTestId('post-actions').first().getByRole('link', { name: 'Edit' }).click();
    await alice.getByLabel('Tags').fill('sso, no spaces!');
    await alice.getByRole('button', { name: 'Save changes' }).click();
    await alice.locator('#field-tags-error').waitFor();
    // Refused: the typed tags stay, and nothing changed.
    expect(await alice.getByLabel('Tags').inputValue()).toBe('sso, no spaces!');

    await alice.getByLabel('Tags').fill('SSO, Audit log');
    await alice.getByRole('button', { name: 'Save changes' }).click();
    await alice.waitForURL((url) => url.pathname === path);
    await alice.getByRole('list', { name: 'Tags' }).getByRole('link', { name: '#audit-log' }).waitFor();
    expect(await alice.getByRole('list', { name: 'Tags' }).innerText()).toContain('#sso');

    await alice.getByTestId('post-actions').first().getByRole('link', { name: 'History' }).click();
    await alice.getByTestId('tags-change').waitFor();
    expect(await alice.getByTestId('tags-change').innerText()).toBe('Tags: none → sso, audit-log');
  });
});
