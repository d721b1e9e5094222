import { describe, expect, test } from 'vitest';
import { runTag, useTownhall } from './people.ts';

// The admin pages are server-rendered forms: this walks them with JavaScript turned off, from
// creating an organization to an invited customer signing up and being deactivated.

const { newPerson, signedIn } = useTownhall();
const withoutScript = { javaScriptEnabled: false };

describe('admin pages without JavaScript', () => {
  test('an admin sets up an organization, invites a customer, and deactivates them', async () => {
    const admin = await signedIn('admin@demo.test', withoutScript);
    await admin.getByRole('link', { name: 'Admin', exact: true }).click();
    await admin.getByRole('link', { name: 'Organizations' }).click();

    const orgName = `E2E Org ${runTag}`;
    await admin.getByLabel('Name', { exact: true }).first().fill(orgName);
    await admin.locator('form[action="?/create"]').getByLabel('Tier').selectOption('head');
    await admin.getByRole('button', { name: 'Create' }).click();
    const card = admin.locator('li.card', { has: admin.getByRole('heading', { name: orgName }) });
    await card.waitFor();
    await card.getByLabel('Domain to add').fill(`E2E-${runTag}.test`);
    await card.getByRole('button', { name: 'Add domain' }).click();
    await expect.poll(() => admin.locator('li.card', { hasText: orgName }).locator('code').textContent()).toBe(`e2e-${runTag}.test`);

    await admin.goto('/admin/invitations');
    await admin.getByLabel('Organization').selectOption({ label: orgName });
    await admin.getByRole('button', { name: 'Create link' }).click();
    const link = await admin.getByTestId('invite-url').inputValue();
    expect(link).toMatch(/\/invite\/[a-z2-7]+$/);

    const invitee = await newPerson(withoutScript);
    await invitee.goto(new URL(link).pathname);
    await invitee.getByText(orgName).waitFor();
    await invitee.getByRole('link', { name: 'Create your account' }).click();
    const email = `invited-${runTag}@elsewhere.test`;
    await invitee.getByLabel('Work email').fill(email);
    await invitee.getByLabel('Display name').fill('Invited Ian');
    await invitee.getByLabel('Password').fill('a long enough password');
    await invitee.getByRole('button', { name: 'Sign up' }).click();
    await invitee.getByRole('button', { name: 'Sign out' }).waitFor();

    // The link is one-time.
    await invitee.goto(new URL(link).pathname);
    await invitee.getByText('already been used').waitFor();

    await admin.goto(`/admin/people?q=${encodeURIComponent(email)}`);
    const row = admin.locator('tr', { hasText: email });
    await row.waitFor();
    expect(await row.locator('select[name="organizationId"] option:checked').textContent()).toBe(orgName);
    expect(await row.locator('select[name="role"] option:checked').textContent()).toBe('Customer');
    // Made PM while still in the customer's organization: refused in the row, nothing changed.
    await row.locator('select[name="role"]').selectOption('pm');
    await row.getByRole('button', { name: 'Save' }).click();
    await admin.locator('tr', { hasText: email }).getByText('Staff do not belong to customer organizations').waitFor();
    expect(await admin.locator('tr', { hasText: email }).locator('[role="alert"]').textContent()).toContain(`instead of ${orgName}`);
    await admin.goto(`/admin/people?q=${encodeURIComponent(email)}`);
    expect(await row.locator('select[name="role"] option:checked').textContent()).toBe('Customer');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await admin.locator('tr', { hasText: email }).getByText('Deactivated', { exact: true }).waitFor();

    // Their session is gone: the next page they open is a guest's.
    await invitee.goto('/');
    await invitee.getByRole('link', { name: 'Sign in' }).waitFor();
  });

  test('an admin sees a new invitation listed, revokes it, and the link is refused from then on', async () => {
    const admin = await signedIn('admin@demo.test', withoutScript);
    await admin.goto('/admin/invitations');
    await admin.getByLabel('Role').selectOption('pm');
    await admin.getByRole('button', { name: 'Create link' }).click();
    const link = await admin.getByTestId('invite-url').inputValue();

    // Pending ones come first: the newest invitation heads the list.
    const row = admin.getByTestId('invitation').first();
    expect(await row.getAttribute('data-status')).toBe('pending');
    expect(await row.textContent()).toContain('PM');
    expect(await row.textContent()).toContain('Ada Admin');

    const invitee = await newPerson(withoutScript);
    await invitee.goto(new URL(link).pathname);
    await invitee.getByRole('link', { name: 'Create your account' }).waitFor();

    await row.getByText('Revoke…').click();
    await row.getByRole('button', { name: 'Revoke invitation' }).click();
    await admin.getByRole('status').filter({ hasText: 'Revoked: the link no longer works.' }).waitFor();
    const revoked = admin.locator('[data-testid="invitation"][data-status="revoked"]').first();
    expect(await revoked.textContent()).toContain('by Ada Admin');

    await invitee.goto(new URL(link).pathname);
    await invitee.getByRole('alert').filter({ hasText: 'withdrawn by an administrator' }).waitFor();
    expect(await invitee.getByRole('link', { name: 'Create your account' }).count()).toBe(0);
    await invitee.goto(`/sign-up?invite=${new URL(link).pathname.split('/').at(-1)}`);
    await invitee.getByLabel('Work email').fill(`revoked-${runTag}@elsewhere.test`);
    await invitee.getByLabel('Display name').fill('Revoked Rita');
    await invitee.getByLabel('Password').fill('a long enough password');
    await invitee.getByRole('button', { name: 'Sign up' }).click();
    await invitee.getByText('withdrawn by an administrator').waitFor();
    expect(await invitee.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  test('an admin filters the audit log by action and by who, and reads what an SLA settings save changed', async () => {
    const admin = await signedIn('admin@demo.test', withoutScript);
    await admin.goto('/admin/sla');
    const lead = admin.getByLabel('Alert lead time (minutes before a window opens)');
    const before = await lead.inputValue();
    const after = before === '25' ? '20' : '25';
    await lead.fill(after);
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').waitFor();

    await admin.goto('/admin/audit');
    await admin.getByLabel('Action').selectOption('sla.settings_changed');
    await admin.getByLabel('Who (e-mail or @handle)').fill('admin@demo.test');
    await admin.getByRole('button', { name: 'Filter' }).click();
    await admin.waitForURL((url) => url.searchParams.get('action') === 'sla.settings_changed');
    expect(new URL(admin.url()).searchParams.get('actor')).toBe('admin@demo.test');
    const entries = admin.getByTestId('audit-entry');
    await entries.first().waitFor();
    for (const text of await entries.allTextContents()) {
      expect(text).toContain('sla.settings_changed');
      expect(text).toContain('Ada Admin');
    }
    const details = await entries.first().getByTestId('audit-details').textContent();
    expect(details?.replace(/\s+/g, ' ')).toContain(`Alert lead time (minutes): ${before} → ${after}`);
    // The filters stay filled in for the next search.
    expect(await admin.getByLabel('Action').inputValue()).toBe('sla.settings_changed');

    await admin.getByLabel('Action').selectOption('');
    await admin.getByLabel('Who (e-mail or @handle)').fill('nobody@nowhere.test');
    await admin.getByRole('button', { name: 'Filter' }).click();
    await admin.getByText('No one has this e-mail or handle').waitFor();
    expect(await entries.count()).toBe(0);

    await admin.getByRole('link', { name: 'Clear filters' }).click();
    await entries.first().waitFor();
    expect(new Set(await admin.locator('[data-testid="audit-entry"] code').allTextContents()).size).toBeGreaterThan(1);
  });

  test('a person card shows tier and e-mail to staff only', async () => {
    const admin = await signedIn('admin@demo.test', withoutScript);
    await admin.goto('/admin/people?q=alice');
    const href = await admin.getByRole('link', { name: /alice/i }).first().getAttribute('href');
    expect(href).toMatch(/^\/people\/\d+$/);

    await admin.goto(href!);
    await admin.getByTestId('staff-fields').waitFor();
    expect(await admin.getByTestId('staff-fields').textContent()).toContain('alice@acme.test');

    const guest = await newPerson(withoutScript);
    const response = await guest.goto(href!);
    expect(response?.status()).toBe(200);
    await guest.getByTestId('person-org').waitFor();
    expect(await guest.getByTestId('staff-fields').count()).toBe(0);
    expect(await guest.content()).not.toContain('alice@acme.test');
  });
});
