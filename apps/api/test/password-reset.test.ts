import { desc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, mailOutbox, passwordResets, sessions, users } from '@townhall/db';
import { createTestApp, sessionCookieFrom, testPassword, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let address = 0;
// Each request from its own address, so the per-address limit is tested only where meant.
const from = () => `10.77.${Math.floor(++address / 250)}.${address % 250}`;
const ask = (email: string, remoteAddress = from()) => t.request({ method: 'POST', url: '/api/auth/password-reset', body: { email }, remoteAddress });
const reset = (token: string, password: string) =>
  t.request({ method: 'POST', url: '/api/auth/password-reset/confirm', body: { token, password }, remoteAddress: from() });
const signIn = (email: string, password: string) => t.request({ method: 'POST', url: '/api/auth/sign-in', body: { email, password }, remoteAddress: from() });

/** The reset mails queued for a person, newest first, with the token of each link. */
async function resetMails(person: Person) {
  const rows = await t.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.toAddress, person.email))
    .orderBy(desc(mailOutbox.id));
  return rows
    .filter((row) => row.dedupeKey.startsWith('password-reset:'))
    .map((row) => ({ ...row, token: /\/reset-password\/([a-z0-9]+)\n/.exec(row.textBody)?.[1] ?? null }));
}

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 5, postsPerMinute: 100 } });
  t.clock.set('2026-11-02T09:00:00Z');
});
afterAll(() => t.close());

describe('password reset', () => {
  it('mails a link that sets a new password once, ends every session and signs this device in', async () => {
    const person = await t.signedIn('customer');
    const asked = await ask(person.email.toUpperCase());
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ requested: true });

    const [mail] = await resetMails(person);
    expect(mail).toMatchObject({ userId: person.id, subject: '[Townhall] Reset your password' });
    expect(mail!.textBody).toContain(`${person.email}`);
    expect(mail!.token).toMatch(/^[a-z0-9]{32}$/);
    // Only the token's hash is stored.
    const [link] = await t.db.select().from(passwordResets).where(eq(passwordResets.userId, person.id));
    expect(link!.id).not.toContain(mail!.token);
    expect(link!.expiresAt.toISOString()).toBe('2026-11-02T10:00:00.000Z');

    const done = await reset(mail!.token!, 'a brand new password');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().user).toMatchObject({ id: person.id, email: person.email });
    const cookie = sessionCookieFrom(done);
    expect(cookie).toBeDefined();
    // The old session is gone, the new one works; the old password no longer does.
    expect((await t.request({ method: 'GET', url: '/api/me', cookie: person.cookie })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/me', cookie })).statusCode).toBe(200);
    expect((await t.db.select().from(sessions).where(eq(sessions.userId, person.id))).length).toBe(1);
    expect((await signIn(person.email, testPassword)).statusCode).toBe(401);
    expect((await signIn(person.email, 'a brand new password')).statusCode).toBe(200);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'account.password_reset'));
    expect(entry).toMatchObject({ actorId: person.id, subjectId: String(person.id) });

    // Once only.
    const again = await reset(mail!.token!, 'yet another password');
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toMatchObject({ code: 'RESET_LINK_INVALID', field: 'token' });
  });

  it('answers the same for unknown and deactivated accounts, and mails nothing', async () => {
    const before = await t.db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, 'password-reset:%'));
    const unknown = await ask('nobody-here@example.test');
    const deactivated = await t.signedIn('customer');
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, deactivated.id));
    const gone = await ask(deactivated.email);
    for (const response of [unknown, gone]) {
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ requested: true });
    }
    const after = await t.db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, 'password-reset:%'));
    expect(after.length).toBe(before.length);
  });

  it('expires after an hour, and a new link replaces the old one (not sooner than two minutes after it)', async () => {
    const person = await t.signedIn('customer');
    await ask(person.email);
    // Asked again at once: no second mail.
    await ask(person.email);
    expect(await resetMails(person)).toHaveLength(1);
    t.clock.advance(3);
    await ask(person.email);
    const [newer, older] = await resetMails(person);
    expect(newer!.token).not.toBe(older!.token);
    expect((await reset(older!.token!, 'replaced link password')).statusCode).toBe(400);

    t.clock.advance(61);
    const expired = await reset(newer!.token!, 'too late password');
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('RESET_LINK_INVALID');
    expect((await signIn(person.email, testPassword)).statusCode).toBe(200);
  });

  it('refuses a short password without using the link, and bad bodies with a 400 naming the field', async () => {
    const person = await t.signedIn('customer');
    t.clock.advance(10);
    await ask(person.email);
    const [mail] = await resetMails(person);
    const short = await reset(mail!.token!, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('password');
    expect((await reset(mail!.token!, 'long enough password')).statusCode).toBe(200);

    const missing = await t.request({ method: 'POST', url: '/api/auth/password-reset', body: {}, remoteAddress: from() });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('email');
  });

  it('uses a link once when two requests race with it', async () => {
    const person = await t.signedIn('customer');
    t.clock.advance(10);
    await ask(person.email);
    const [mail] = await resetMails(person);
    const results = await Promise.all([reset(mail!.token!, 'first racing password'), reset(mail!.token!, 'second racing password')]);
    expect(results.map((response) => response.statusCode).sort()).toEqual([200, 400]);
  });

  it('hides the link from admins reading the outbox', async () => {
    const person = await t.signedIn('customer');
    t.clock.advance(10);
    await ask(person.email);
    const [mail] = await resetMails(person);
    const admin = await t.signedIn('admin');
    const outbox = await t.request({ method: 'GET', url: '/api/admin/mail', cookie: admin.cookie });
    expect(outbox.statusCode).toBe(200);
    const item = outbox.json().items.find((row: { id: number }) => row.id === mail!.id);
    expect(item.subject).toBe('[Townhall] Reset your password');
    expect(item.textBody).not.toContain(mail!.token);
    expect(outbox.body).not.toContain(mail!.token);
  });

  it('limits requests per address like sign-in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await ask('flood@example.test', '10.78.0.1')).statusCode);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
