import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { answer, ask, hydrated, open, runTag, useTownhall } from './people.ts';

// The notification center in a real browser: the bell counts up live, the list leads to the
// answer, opening it reads it, and watching a board brings news of new topics.

const alice = 'alice@acme.test';
const bob = 'bob@tinyco.test';
const ops = 'ops@demo.test';

const { signedIn } = useTownhall();

function notificationsSubscribed(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        const text = String(payload);
        if (text.includes('"subscribed"') && text.includes('"notifications"')) resolve();
      });
    });
  });
}

test('the bell counts a new answer live, and the list leads to it and marks it read', async () => {
  const customer = await signedIn(alice);
  const title = `Bell ${runTag}`;
  const questionPath = await ask(customer, title, 'Will the bell ring?');
  // Read everything from before, then wait on another page for the answer.
  await open(customer, '/notifications');
  const markAll = customer.getByTestId('mark-all-read');
  if (await markAll.isVisible()) {
    await markAll.click();
    await customer.getByTestId('mark-all-read').waitFor({ state: 'detached' });
  }
  const subscribed = notificationsSubscribed(customer);
  await open(customer, '/b/qa');
  await subscribed;
  expect(await customer.getByTestId('unread-count').count()).toBe(0);

  const staff = await signedIn(ops);
  await open(staff, questionPath);
  await answer(staff, `Rings ${runTag}`);

  await customer.getByTestId('unread-count').filter({ hasText: '1' }).waitFor();
  await customer.getByTestId('notifications-link').click();
  await customer.waitForURL('**/notifications');
  await hydrated(customer);
  const item = customer.getByTestId('notification').filter({ hasText: title });
  expect(await item.textContent()).toContain('answered your question');
  await item.getByRole('link', { name: title }).click();
  await customer.waitForURL(/\/t\/\d+\?near=\d+#post-\d+$/);
  await customer.getByTestId('post').filter({ hasText: `Rings ${runTag}` }).waitFor();
  // Opening the answer read it: the count goes away.
  await customer.getByTestId('unread-count').waitFor({ state: 'detached', timeout: 5000 });

  // With the list open, the next one appears in it without a reload, not only in the bell.
  const listening = notificationsSubscribed(customer);
  await open(customer, '/notifications');
  await listening;
  const items = customer.getByTestId('notification').filter({ hasText: title });
  expect(await items.count()).toBe(1);
  await open(staff, questionPath);
  await answer(staff, `Rings again ${runTag}`);
  await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
  await customer.getByTestId('unread-count').filter({ hasText: '1' }).waitFor();
});

test('watching a board brings a notification for each new topic; muting stops it', async () => {
  const watcher = await signedIn(bob);
  await open(watcher, '/b/qa');
  const control = watcher.getByTestId('watch-control');
  await control.getByRole('button', { name: 'Watch' }).click();
  await control.getByRole('button', { name: 'Watch', pressed: true }).waitFor();

  const customer = await signedIn(alice);
  const title = `Watched board ${runTag}`;
  await ask(customer, title, 'Does the watcher hear about it?');

  await open(watcher, '/notifications?unread=true');
  const item = watcher.getByTestId('notification').filter({ hasText: title });
  await item.waitFor();
  expect(await item.getAttribute('data-kind')).toBe('new_topic');

  await open(watcher, '/b/qa');
  await watcher.getByTestId('watch-control').getByRole('button', { name: 'Mute' }).click();
  await watcher.getByTestId('watch-control').getByRole('button', { name: 'Mute', pressed: true }).waitFor();
  await ask(customer, `Muted board ${runTag}`, 'Silence?');
  await open(watcher, '/notifications?unread=true');
  expect(await watcher.getByTestId('notification').filter({ hasText: `Muted board ${runTag}` }).count()).toBe(0);
});

test('e-mail settings are saved without JavaScript', async () => {
  const customer = await signedIn(bob, { javaScriptEnabled: false });
  await customer.goto('/notifications/settings');
  expect(await customer.getByText('People mention you by writing').textContent()).toContain('@bob');
  await customer.getByLabel(/Once a day/).check();
  await customer.getByRole('button', { name: 'Save' }).click();
  await customer.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await customer.goto('/notifications/settings');
  expect(await customer.getByLabel(/Once a day/).isChecked()).toBe(true);
  await customer.getByLabel(/Right away/).check();
  await customer.getByRole('button', { name: 'Save' }).click();
});

test('pages carry the security headers and a nonce-based Content-Security-Policy', async () => {
  const page = await signedIn(alice);
  const response = await page.goto('/notifications');
  const headers = response!.headers();
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
});

test("admins see in the outbox that a notification's e-mail waits for its delay, and which were skipped", async () => {
  const customer = await signedIn(alice);
  const questionPath = await ask(customer, `Outbox wait ${runTag}`, 'Will an e-mail follow?');
  const staff = await signedIn(ops);
  await open(staff, questionPath);
  await answer(staff, `Answered ${runTag}`);

  const admin = await signedIn('admin@demo.test');
  await open(admin, '/admin/mail');
  // Alice has not read the answer yet: its e-mail waits, not yet written into the outbox.
  const waiting = admin.getByTestId('waiting-notification-emails');
  expect(await waiting.textContent()).toMatch(/\d+ notification e-mails? waits? for the delay/);
  expect(await waiting.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(await admin.getByTestId('outbox-mail').filter({ hasText: `Outbox wait ${runTag}` }).count()).toBe(0);

  // Beside the outbox, the e-mails that were due and not written, and why.
  await admin.getByRole('navigation', { name: 'Status' }).getByRole('link', { name: 'skipped' }).click();
  // A fresh workspace: every notification's e-mail still waits for its delay, none was skipped.
  await admin.getByText('No skipped e-mail.').waitFor();
  expect(new URL(admin.url()).pathname).toBe('/admin/mail/skipped');
  expect(await admin.getByRole('link', { name: 'skipped' }).getAttribute('aria-current')).toBe('page');
  await admin.getByLabel("Recipient's e-mail").fill(alice);
  await admin.getByRole('button', { name: 'Show theirs' }).click();
  await admin.getByText(`No skipped e-mail to ${alice}.`).waitFor();
  expect(new URL(admin.url()).searchParams.get('email')).toBe(alice);
  // For admins only (a sign-in more in this file would meet the sign-in rate limit).
  expect((await customer.goto('/admin/mail/skipped'))?.status()).toBe(403);
});
