import { describe, expect, test } from 'vitest';
import { answer, ask, open, runTag, setWorkspaceTimeZone, useTownhall, wallClock } from './people.ts';

// Staff read when things happened on the workspace's clock (the business calendar's time zone)
// in the audit log, the invitations list and the mail outbox (the zone named above the table or
// list) and the notification center and single times such as the SLA settings' last save (beside
// each time), with UTC in the tooltip; customers keep reading how long ago. Shanghai is UTC+8 all
// year, so its wall clock never matches UTC's.

const { newPerson, signedIn } = useTownhall();
const withoutScript = { javaScriptEnabled: false };
const zone = 'Asia/Shanghai';
/** Alice's urgent question, asked in the second test; the third answers it again. */
let urgentQuestionPath = '';

/** Ends with the wall-clock time of `at` in `timeZone`: "14:05" today, "Tue 1 Dec 14:05" another day. */
const endsAtWallClock = (at: Date, timeZone: string, suffix: string) =>
  new RegExp(`(^| )${wallClock(at, timeZone)}${suffix.replace(/[()/]/g, '\\$&')}$`);

describe('logs on the workspace clock', () => {
  test('the audit log reads on the workspace clock, with UTC in the tooltip', async () => {
    const admin = await signedIn('admin@demo.test', withoutScript);
    await setWorkspaceTimeZone(admin, zone);

    // The settings page says when they were last saved, on the clock just saved, the zone named.
    const lastSaved = admin.getByTestId('sla-last-saved');
    const savedAt = new Date((await lastSaved.locator('time').getAttribute('datetime'))!);
    expect(Date.now() - savedAt.getTime()).toBeLessThan(60_000);
    expect(await lastSaved.innerText()).toMatch(endsAtWallClock(savedAt, zone, ` (${zone}).`));
    expect(await lastSaved.locator('time').getAttribute('title')).toMatch(new RegExp(`${wallClock(savedAt, 'UTC')} UTC$`));

    // Saving the calendar is itself audited: the newest entry of that action.
    await admin.goto('/admin/audit?action=sla.settings_changed');
    expect(await admin.getByTestId('workspace-time-zone').innerText()).toBe(zone);
    const when = admin.getByTestId('audit-entry').first().getByTestId('audit-when');
    const time = when.locator('time');
    const createdAt = new Date((await time.getAttribute('datetime'))!);
    expect(Date.now() - createdAt.getTime()).toBeLessThan(60_000);
    expect(await when.innerText()).toMatch(endsAtWallClock(createdAt, zone, ''));
    expect(await when.innerText()).not.toContain(wallClock(createdAt, 'UTC'));
    expect(await time.getAttribute('title')).toMatch(new RegExp(`${wallClock(createdAt, 'UTC')} UTC$`));
  });

  test('staff read an urgent alert on the workspace clock; a customer still reads how long ago', async () => {
    // The previous test set the zone; this file's server keeps it.
    const title = `Urgent on Shanghai time ${runTag}`;
    const alice = await signedIn('alice@acme.test');
    const questionPath = await ask(alice, title, 'Is it down?');
    urgentQuestionPath = questionPath;

    // Marking it urgent alerts the staff who cover Q&A at once (ops among them, in the demo).
    const ops = await signedIn('ops@demo.test');
    await open(ops, questionPath);
    await ops.getByTestId('sla-urgent-button').click();
    await ops.getByTestId('sla-urgent').waitFor();
    await answer(ops, `Looking into it ${runTag}`);

    await ops.goto('/notifications');
    const alert = ops.locator('[data-testid="notification"][data-kind="sla_digest"]', { hasText: `Urgent: ${title}` });
    const alertTime = alert.getByTestId('notification-when').locator('time');
    const alertedAt = new Date((await alertTime.getAttribute('datetime'))!);
    expect(await alert.getByTestId('notification-when').innerText()).toMatch(endsAtWallClock(alertedAt, zone, ` (${zone})`));
    expect(await alertTime.getAttribute('title')).toMatch(/ UTC$/);

    // The customer's notification of the answer says how long ago, as before: no zone, no clock.
    await alice.goto('/notifications');
    const answered = alice.getByTestId('notification').filter({ hasText: title }).getByTestId('notification-when');
    expect(await answered.innerText()).toMatch(/^(just now|\d+ minutes? ago)$/);
  });

  test('admins read invitations and the mail outbox on the workspace clock, the zone named once', async () => {
    // A reset link is mailed at once (kept in the outbox: no SMTP server here), without a sign-in.
    const guest = await newPerson();
    await guest.goto('/forgot-password');
    await guest.getByLabel('Email').fill('bob@tinyco.test');
    await guest.getByRole('button', { name: 'Mail me a link' }).click();
    await guest.getByTestId('reset-requested').waitFor();

    // An answer to Alice's question while she is not on it: its e-mail waits for its delay, unread.
    const admin = await signedIn('admin@demo.test');
    await open(admin, urgentQuestionPath);
    await answer(admin, `Still on Shanghai time ${runTag}`);

    await open(admin, '/admin/invitations');
    await admin.getByLabel('Role').selectOption('pm');
    await admin.getByRole('button', { name: 'Create link' }).click();
    await admin.getByTestId('invite-url').waitFor();

    // The new link's expiry, a single time: the zone in parentheses.
    const expires = admin.getByTestId('invite-expires');
    const expiresAt = new Date((await expires.locator('time').getAttribute('datetime'))!);
    expect(await expires.innerText()).toMatch(endsAtWallClock(expiresAt, zone, ` (${zone})`));

    // The list names the zone once above the table; its cells read on that clock, UTC in the tooltip.
    expect(await admin.getByTestId('workspace-time-zone').innerText()).toBe(zone);
    const row = admin.getByTestId('invitation').first();
    const created = row.getByTestId('invitation-created').locator('time');
    const createdAt = new Date((await created.getAttribute('datetime'))!);
    expect(Date.now() - createdAt.getTime()).toBeLessThan(60_000);
    expect(await created.innerText()).toMatch(endsAtWallClock(createdAt, zone, ''));
    expect(await created.getAttribute('title')).toMatch(new RegExp(`${wallClock(createdAt, 'UTC')} UTC$`));
    const expiresCell = row.getByTestId('invitation-expires');
    expect(new Date((await expiresCell.locator('time').getAttribute('datetime'))!).getTime()).toBe(expiresAt.getTime());
    expect(await expiresCell.innerText()).toMatch(endsAtWallClock(expiresAt, zone, ''));
    expect(await row.innerText()).not.toContain('UTC');

    // The outbox: the answer's e-mail waits; when the next is due reads on the workspace clock,
    // the zone named.
    await admin.goto('/admin/mail');
    const waiting = admin.getByTestId('waiting-notification-emails');
    const dueAt = new Date((await waiting.locator('time').getAttribute('datetime'))!);
    expect(await waiting.innerText()).toMatch(new RegExp(`The next is due (\\S.* )?${wallClock(dueAt, zone)} \\(${zone}\\)\\.$`));
    expect(await waiting.locator('time').getAttribute('title')).toMatch(/ UTC$/);

    // Each mail says when it was written on that clock, the zone named once above the list.
    expect(await admin.getByTestId('workspace-time-zone').innerText()).toBe(zone);
    const mail = admin.getByTestId('outbox-mail').filter({ hasText: 'bob@tinyco.test' }).first();
    const written = mail.getByTestId('outbox-mail-written').locator('time');
    const writtenAt = new Date((await written.getAttribute('datetime'))!);
    expect(Date.now() - writtenAt.getTime()).toBeLessThan(60_000);
    expect(await written.innerText()).toMatch(endsAtWallClock(writtenAt, zone, ''));
    expect(await written.getAttribute('title')).toMatch(new RegExp(`${wallClock(writtenAt, 'UTC')} UTC$`));
    expect(await mail.locator('summary').innerText()).not.toMatch(/ago|just now/);
  });
});
