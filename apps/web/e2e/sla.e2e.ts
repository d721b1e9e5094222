import { describe, expect, test } from 'vitest';
import { ask, open, runTag, useTownhall } from './people.ts';

// The response SLA in a browser, without JavaScript: an admin sets the calendar (with a pasted
// list of holidays), a customer asks, ops finds the question in the SLA queue, pauses its clock
// and marks it urgent, and sets their own coverage. Customers never see the clock.

const { signedIn } = useTownhall();
const withoutScript = { javaScriptEnabled: false };

describe('the response SLA', () => {
  test('an admin sets the business calendar, and a bad time zone is named', async () => {
    const admin = await signedIn('admin@demo.test', withoutScript);
    await admin.goto('/admin');
    await admin.getByRole('link', { name: 'Response SLA' }).click();
    await admin.getByLabel('Time zone (IANA name)').fill('Mars/Olympus_Mons');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.locator('#timeZone-error').getByText('not a known IANA time zone').waitFor();
    // Under its field, the message does not repeat the API's name for it.
    expect(await admin.locator('#timeZone-error').innerText()).toBe('"Mars/Olympus_Mons" is not a known IANA time zone');

    // Several bad parts in one save: each is named under its box at once, the form says how many.
    // First what the form itself cannot read, then what the API refuses.
    const windows = await admin.getByLabel(/^Windows on each working day/).inputValue();
    await admin.getByLabel(/^Working hours/).fill('nine to five');
    await admin.getByLabel(/^Holidays/).fill('soon');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.locator('#workingHours-error').getByText('is not a time range').waitFor();
    expect(await admin.locator('#holidays-error').innerText()).toBe('line 1: "soon" is not a date (YYYY-MM-DD)');
    expect(await admin.getByRole('alert').first().innerText()).toBe('Nothing was saved: 2 fields below need a change.');
    await admin.getByLabel(/^Working hours/).fill('09:00-18:00');
    await admin.getByLabel(/^Holidays/).fill('');
    await admin.getByLabel(/^Windows on each working day/).fill('10:00-09:00');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.locator('#checkInWindows-error').waitFor();
    expect(await admin.locator('#timeZone-error').innerText()).toBe('"Mars/Olympus_Mons" is not a known IANA time zone');
    expect(await admin.locator('#workingHours-error').count()).toBe(0);
    expect(await admin.getByRole('alert').first().innerText()).toBe('Nothing was saved: 2 fields below need a change.');
    await admin.getByLabel(/^Windows on each working day/).fill(windows);

    await admin.getByLabel('Time zone (IANA name)').fill('Asia/Shanghai');
    await admin.getByLabel(/^Holidays/).fill('2026-10-02, 2026-10-01\n2026-10-03');
    await admin.getByLabel(/^Make-up working days/).fill('2026-09-27');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').getByText('Saved.').waitFor();

    await admin.goto('/admin/sla');
    expect(await admin.getByLabel('Time zone (IANA name)').inputValue()).toBe('Asia/Shanghai');
    expect(await admin.getByLabel(/^Holidays/).inputValue()).toBe('2026-10-01\n2026-10-02\n2026-10-03');
  });

  test('ops works a question from the SLA queue; the customer never sees the clock', async () => {
    const title = `Is there an SLA? ${runTag}`;
    const alice = await signedIn('alice@acme.test');
    const questionPath = await ask(alice, title, 'How fast do you answer?');
    expect(await alice.getByTestId('sla-badge').count()).toBe(0);

    const ops = await signedIn('ops@demo.test', withoutScript);
    await ops.goto('/staff/sla');
    const row = ops.getByTestId('sla-queue-row').filter({ hasText: title });
    await row.waitFor();
    expect(await row.innerText()).toContain('Head account');
    // The deadline reads on the workspace's clock (Asia/Shanghai once the test above has run), not UTC.
    const zone = await ops.getByTestId('workspace-time-zone').innerText();
    const due = row.getByTestId('sla-queue-due').locator('time');
    const dueAt = new Date((await due.getAttribute('datetime'))!);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(dueAt);
    expect(await due.innerText()).toMatch(new RegExp(`(^| )${local}$`));
    expect(await due.getAttribute('title')).toMatch(/UTC$/);
    await row.getByRole('link', { name: title }).click();
    await ops.waitForURL((url) => url.pathname === questionPath);
    await ops.getByTestId('sla-badge').waitFor();

    await ops.getByTestId('sla-pause').click();
    await expect.poll(() => ops.getByTestId('sla-badge').innerText()).toBe('Waiting on customer');
    // The queue's other view lists it while the clock is paused.
    await ops.goto('/staff/sla?view=waiting_on_customer');
    const waiting = ops.getByTestId('sla-queue-row').filter({ hasText: title });
    expect(await waiting.getByTestId('sla-queue-due').innerText()).toBe('when resumed');
    await waiting.getByRole('link', { name: title }).click();
    await ops.waitForURL((url) => url.pathname === questionPath);
    await ops.getByTestId('sla-urgent-button').click();
    await ops.getByTestId('sla-urgent').waitFor();
    await ops.getByTestId('sla-resume').waitFor();

    await open(alice, questionPath);
    expect(await alice.getByTestId('sla-badge').count()).toBe(0);
    expect(await alice.getByTestId('sla-pause').count()).toBe(0);
  });

  test('ops sets their coverage: boards, pasted days off and a backup; an admin changes it', async () => {
    const ops = await signedIn('ops@demo.test', withoutScript);
    await ops.goto('/staff/coverage');
    await ops.getByLabel('Q&A').check();
    await ops.getByLabel(/^Days off/).fill('2026-12-24, 2026-12-25');
    await ops.getByLabel('Backup while off').selectOption({ label: 'Priya PM (PM)' });
    await ops.getByRole('button', { name: 'Save' }).click();
    await ops.getByRole('status').getByText('Saved.').waitFor();
    await ops.goto('/staff/coverage');
    expect(await ops.getByLabel(/^Days off/).inputValue()).toBe('2026-12-24\n2026-12-25');
    expect(await ops.getByLabel('Q&A').isChecked()).toBe(true);

    // An admin changes it from the people list.
    const admin = await signedIn('admin@demo.test', withoutScript);
    await admin.goto(`/admin/people?q=${encodeURIComponent('ops@demo.test')}`);
    await admin.locator('tr', { hasText: 'ops@demo.test' }).getByRole('link', { name: 'Coverage' }).click();
    await admin.getByRole('heading', { name: 'Coverage of Omar Ops' }).waitFor();
    await admin.getByLabel(/^Days off/).fill('2026-12-24\nnot a date');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.locator('#daysOff-error').getByText('line 2').waitFor();
    await admin.getByLabel(/^Days off/).fill('2026-12-31');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').getByText('Saved.').waitFor();
    await ops.goto('/staff/coverage');
    expect(await ops.getByLabel(/^Days off/).inputValue()).toBe('2026-12-31');
  });
});
