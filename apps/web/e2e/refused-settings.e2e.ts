import { expect, test } from 'vitest';
import { hydrated, runTag, submitAfterSessionEnded, useTownhall } from './people.ts';

// Settings typed by staff and admins, and one's own name, come back in their forms with the notice
// when the session ended before they were sent, with and without JavaScript (see
// refused-staff-forms.e2e.ts for the writing of notes, programs and demands).

const { signedIn } = useTownhall();

for (const script of [false, true]) {
  const how = script ? 'with JavaScript' : 'without JavaScript';

  test(`${how}, settings, organizations and a name come back as typed when refused, also after the session ended`, async () => {
    const admin = await signedIn('admin@demo.test', { javaScriptEnabled: script });

    await submitAfterSessionEnded(admin, {
      path: '/admin/sla',
      fields: {
        'Holidays (paste dates, YYYY-MM-DD, one a line or comma-separated)': script ? '2031-12-25\n2031-12-26' : '2031-01-01',
        'Time zone (IANA name)': 'Europe/Berlin',
      },
      button: 'Save',
      script,
      landsOn: /\/admin\/sla/,
    });
    await admin.getByText('Saved. New clocks use these settings', { exact: false }).waitFor();

    await submitAfterSessionEnded(admin, {
      path: '/admin/organizations',
      within: 'form[action="?/create"]',
      fields: { Name: `Signed-out Org (${runTag}, ${how})`, 'Renewal date (optional)': '2031-06-30' },
      button: 'Create',
      script,
    });

    // Refused while signed in (a taken name, a domain that is not one), a rename and a domain
    // come back as typed.
    await admin.goto('/admin/organizations');
    if (script) await hydrated(admin);
    const cards = admin.locator('li[id^="org-"]');
    const takenName = (await cards.nth(0).getByLabel('Name').inputValue()).trim();
    const renamed = cards.nth(1);
    await renamed.getByLabel('Name').fill(takenName);
    await renamed.getByRole('button', { name: 'Save' }).click();
    await renamed.getByText('An organization with this name already exists').waitFor();
    expect(await renamed.getByLabel('Name').inputValue()).toBe(takenName);
    const badDomain = `not a domain ${runTag}`;
    await renamed.getByLabel('Domain to add').fill(badDomain);
    await renamed.getByRole('button', { name: 'Add domain' }).click();
    // The rename's alert gives way to the domain's.
    await renamed.getByText('An organization with this name already exists').waitFor({ state: 'detached' });
    await renamed.getByRole('alert').waitFor();
    expect(await renamed.getByLabel('Domain to add').inputValue()).toBe(badDomain);

    // A rename and a new domain sent after the session ended come back as sent, on their own when
    // the list cannot be read, and go through once sent again signed in.
    const card = `#${await cards.nth(1).getAttribute('id')}`;
    const newName = `Renamed while signed out (${runTag}, ${how})`;
    await submitAfterSessionEnded(admin, {
      path: '/admin/organizations',
      within: `${card} form[action="?/update"]`,
      fields: { Name: newName, 'Renewal date (optional)': script ? '2032-01-31' : '2032-02-29' },
      button: 'Save',
      script,
      landsOn: /\/admin\/organizations/,
    });
    await admin.locator(card).getByText('Saved.').waitFor();
    expect(await admin.locator(card).getByRole('heading', { level: 2 }).textContent()).toContain(newName);
    expect(await admin.locator(card).getByLabel('Renewal date (optional)').inputValue()).toBe(script ? '2032-01-31' : '2032-02-29');
    const newDomain = `${script ? 'js' : 'plain'}-${runTag}.example.com`.toLowerCase();
    await submitAfterSessionEnded(admin, {
      path: '/admin/organizations',
      within: `${card} form[action="?/addDomain"]`,
      fields: { 'Domain to add': newDomain },
      button: 'Add domain',
      script,
      landsOn: /\/admin\/organizations/,
    });
    await admin.locator(card).getByText('Domain added.').waitFor();
    await admin.locator(card).locator('code', { hasText: newDomain }).waitFor();

    // Saving a webhook checks where its address leads, so the kept form is not sent again here.
    await submitAfterSessionEnded(admin, {
      path: '/staff/webhook',
      fields: { 'Webhook URL': `https://chat.example.com/hooks/${runTag}` },
      button: 'Save',
      script,
    });

    await submitAfterSessionEnded(admin, {
      path: '/account',
      fields: { 'Display name': `Ada Admin (${how})` },
      button: 'Save name',
      script,
      landsOn: /\/account/,
    });
    await admin.getByTestId('renamed').waitFor();
  });
}
