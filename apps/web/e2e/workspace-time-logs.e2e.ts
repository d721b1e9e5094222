import { describe, expect, test } from 'vitest';
import { answer, ask, open, runTag, setWorkspaceTimeZone, useTownhall, wallClock } from './people.ts';

// Staff read when things happened on the workspace's clock (the business calendar's time zone)
// in the audit log (the zone named above the table) and the notification center (beside each
// time), with UTC in the tooltip; customers keep reading how long ago. Shanghai is UTC+8 all
// year, so its wall clock never matches UTC's.

const { signedIn } = useTownhall();
const withoutScript = { javaScriptEnabled: false };
const zone = 'Asia/Shanghai';

/** Ends with the wall-clock time of `at` in `timeZone`: "14:05" today, "Tue 1 Dec 14:05" another day. */
const endsAtWallClock = (at: Date, timeZone: string, suffix: string) =>
  new RegExp(`(^| )${wallClock(at, timeZone)}${suffix.replace(/[()/]/g, '\\$&')}$`);

describe('logs on the workspace clock', () => {
  test('the audit log reads on the workspace clock, with UTC in the tooltip', async () => {
    const admin = await signedIn('admin@demo.test', withoutScript);
    await setWorkspaceTimeZone(admin, zone);

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
});
