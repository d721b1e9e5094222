import { test } from 'vitest';
import { runTag, submitAfterSessionEnded, useTownhall } from './people.ts';

// Settings typed by staff and admins, and one's own name, come back in their forms with the notice
// when the session ended before they were sent, with and without JavaScript (see
// refused-staff-forms.e2e.ts for the writing of notes, programs and demands).

const { signedIn } = useTownhall();

for (const script of [false, true]) {
  const how = script ? 'with JavaScript' : 'without JavaScript';

  test(`${how}, settings, an organization and a name typed after the session ended come back with the notice`, async () => {
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
