import { createHash } from 'node:crypto';
import { and, desc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, mailOutbox, organizationDomains, organizations, sessions, users } from '@townhall/db';
import { sessionCookieName } from '../src/features/auth/session-token.ts';
import { createTestApp, sessionCookieFrom, testPassword, type TestApp } from './test-app.ts';

let t: TestApp;
let ip = 0;
// Each test signs in from its own address so the per-address rate limit only bites where tested.
const nextAddress = () => `10.1.${Math.floor(++ip / 250)}.${ip % 250}`;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const signUp = (body: Record<string, unknown>) =>
  t.request({ method: 'POST', url: '/api/auth/sign-up', body, remoteAddress: nextAddress() });
const signIn = (email: string, password: string, remoteAddress = nextAddress()) =>
  t.request({ method: 'POST', url: '/api/auth/sign-in', body: { email, password }, remoteAddress });
const me = (cookie?: string) => t.request({ method: 'GET', url: '/api/me', cookie });
const verify = (token: string) => t.request({ method: 'POST', url: '/api/auth/verify-email', body: { token }, remoteAddress: nextAddress() });

/** The token of the newest confirmation link mailed to `email`. */
async function confirmationTokenFor(email: string): Promise<string> {
  const [mail] = await t.db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), like(mailOutbox.dedupeKey, 'email-verification:%'))).orderBy(desc(mailOutbox.id)).limit(1);
  const token = /\/verify-email\/([a-z0-9]+)\n/.exec(mail?.textBody ?? '')?.[1];
  if (!token) throw new Error(`no confirmation mail to ${email}`);
  return token;
}

describe('sign-up', () => {
  it('creates a customer, signs them in and sets a safe session cookie', async () => {
    const response = await signUp({ email: 'New.Person@Example.test', password: testPassword, displayName: ' New Person ' });
    expect(response.statusCode).toBe(201);
    expect(response.json().user).toMatchObject({ email: 'new.person@example.test', displayName: 'New Person', role: 'customer', isStaff: false });
    const cookie = response.cookies.find((c) => c.name === sessionCookieName)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect((await me(sessionCookieFrom(response))).json().user.email).toBe('new.person@example.test');
  });

  it('stores only the SHA-256 of the session token', async () => {
    const response = await signUp({ email: 'hash@example.test', password: testPassword, displayName: 'Hash' });
    const token = response.cookies.find((c) => c.name === sessionCookieName)!.value;
    const rows = await t.db.select().from(sessions).where(eq(sessions.userId, response.json().user.id));
    expect(rows.map((r) => r.id)).toEqual([createHash('sha256').update(token).digest('hex')]);
    expect(rows[0]!.id).not.toContain(token);
  });

  it('stores the password as an Argon2id hash', async () => {
    await signUp({ email: 'argon@example.test', password: testPassword, displayName: 'Argon' });
    const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, 'argon@example.test'));
    expect(row!.hash).toMatch(/^\$argon2id\$/);
  });

  it('joins the organization mapped to the e-mail domain only once the address is confirmed', async () => {
    const [org] = await t.db.insert(organizations).values({ name: 'Globex', tier: 'waist' }).returning();
    await t.db.insert(organizationDomains).values({ domain: 'globex.test', organizationId: org!.id });
    const response = await signUp({ email: 'hank@globex.test', password: testPassword, displayName: 'Hank' });
    expect(response.statusCode).toBe(201);
    // Anyone can type someone else's work address: no organization until the mailbox answers.
    expect(response.json().user).toMatchObject({ emailVerified: false, organization: null });
    const cookie = sessionCookieFrom(response)!;

    const token = await confirmationTokenFor('hank@globex.test');
    const wrong = await verify('not-the-token');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'VERIFICATION_LINK_INVALID', field: 'token' });
    // The link works without being signed in (another browser, a phone).
    const confirmed = await verify(token);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ verified: true, joinedOrganization: { id: org!.id, name: 'Globex' } });
    expect((await me(cookie)).json().user).toMatchObject({
      emailVerified: true,
      organization: { id: org!.id, name: 'Globex' },
    });
    // Once only; and there is nothing left to resend.
    expect((await verify(token)).statusCode).toBe(400);
    const resend = await t.request({ method: 'POST', url: '/api/auth/verify-email/resend', cookie, remoteAddress: nextAddress() });
    expect(resend.statusCode).toBe(409);
    expect(resend.json().error.code).toBe('EMAIL_ALREADY_VERIFIED');
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'account.email_verified'));
    expect(entry).toMatchObject({ subjectId: String(response.json().user.id), details: { joinedOrganizationId: org!.id } });
  });

  it('mails a new confirmation link on request, replacing the old one, and never after the week', async () => {
    const response = await signUp({ email: 'iris@example.test', password: testPassword, displayName: 'Iris' });
    const cookie = sessionCookieFrom(response)!;
    const first = await confirmationTokenFor('iris@example.test');
    const resend = () => t.request({ method: 'POST', url: '/api/auth/verify-email/resend', cookie, remoteAddress: nextAddress() });
    // Too soon: accepted, but no second mail.
    expect((await resend()).statusCode).toBe(202);
    expect(await confirmationTokenFor('iris@example.test')).toBe(first);
    t.clock.advance(3);
    expect((await resend()).statusCode).toBe(202);
    const second = await confirmationTokenFor('iris@example.test');
    expect(second).not.toBe(first);
    expect((await verify(first)).statusCode).toBe(400);
    t.clock.advance(7 * 24 * 60 + 1);
    expect((await verify(second)).statusCode).toBe(400);
    expect((await me(cookie)).json().user.emailVerified).toBe(false);
    expect((await t.request({ method: 'POST', url: '/api/auth/verify-email/resend', remoteAddress: nextAddress() })).statusCode).toBe(401);
    t.clock.set(null);
  });

  it('rejects an e-mail that is taken, whatever its case', async () => {
    await signUp({ email: 'taken@example.test', password: testPassword, displayName: 'First' });
    const response = await signUp({ email: 'TAKEN@example.test', password: testPassword, displayName: 'Second' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'EMAIL_TAKEN', field: 'email' });
  });

  it.each([
    [{ email: 'not-an-email', password: testPassword, displayName: 'X' }, 'email'],
    [{ email: 'short@example.test', password: 'short', displayName: 'X' }, 'password'],
    [{ email: 'blank@example.test', password: testPassword, displayName: '   ' }, 'displayName'],
    [{ email: 'missing@example.test', password: testPassword }, 'displayName'],
    [{ email: 'extra@example.test', password: testPassword, displayName: 'X', role: 'admin' }, 'role'],
  ])('rejects %j naming the field', async (body, field) => {
    const response = await signUp(body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(response.json().error.message).toContain(field);
  });

  it('never writes a half account for bad input', async () => {
    await signUp({ email: 'half@example.test', password: 'short', displayName: 'Half' });
    expect(await t.db.select().from(users).where(eq(users.email, 'half@example.test'))).toEqual([]);
  });
});

describe('sign-in', () => {
  it('signs in with the right password, case-insensitively by e-mail', async () => {
    await signUp({ email: 'carol@example.test', password: testPassword, displayName: 'Carol' });
    const response = await signIn('Carol@Example.test', testPassword);
    expect(response.statusCode).toBe(200);
    expect(sessionCookieFrom(response)).toBeDefined();
  });

  it('answers the same error for an unknown e-mail and a wrong password', async () => {
    await signUp({ email: 'dave@example.test', password: testPassword, displayName: 'Dave' });
    const wrongPassword = await signIn('dave@example.test', 'wrong password!!');
    const unknownEmail = await signIn('nobody@example.test', testPassword);
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(unknownEmail.json());
    expect(wrongPassword.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(sessionCookieFrom(wrongPassword)).toBeUndefined();
  });

  it('refuses a deactivated account', async () => {
    await signUp({ email: 'gone@example.test', password: testPassword, displayName: 'Gone' });
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.email, 'gone@example.test'));
    const response = await signIn('gone@example.test', testPassword);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('ACCOUNT_DEACTIVATED');
  });

  it('rate-limits attempts from one address', async () => {
    const address = '10.200.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn('nobody@example.test', 'whatever', address)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    const limited = await signIn('nobody@example.test', 'whatever', address);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await signIn('nobody@example.test', 'whatever', '10.200.0.2')).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  it('ends the session on sign-out, server-side', async () => {
    const cookie = sessionCookieFrom(await signUp({ email: 'erin@example.test', password: testPassword, displayName: 'Erin' }))!;
    const out = await t.request({ method: 'POST', url: '/api/auth/sign-out', cookie });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === sessionCookieName)?.value).toBe('');
    // The old token is dead even if a client kept it.
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('answers 401 without a session', async () => {
    const response = await me();
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('SIGN_IN_REQUIRED');
  });

  it('ignores and clears an unknown token', async () => {
    const response = await me(`${sessionCookieName}=forgedtoken`);
    expect(response.statusCode).toBe(401);
    expect(response.cookies.find((c) => c.name === sessionCookieName)?.value).toBe('');
  });

  it('slides the expiry forward when a session is in its second half', async () => {
    const response = await signUp({ email: 'frank@example.test', password: testPassword, displayName: 'Frank' });
    const cookie = sessionCookieFrom(response)!;
    const userId = response.json().user.id;
    const soon = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    await t.db.update(sessions).set({ expiresAt: soon }).where(eq(sessions.userId, userId));
    const renewed = await me(cookie);
    expect(renewed.statusCode).toBe(200);
    const [row] = await t.db.select().from(sessions).where(eq(sessions.userId, userId));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);
    // Cookie dates have whole seconds.
    const cookieExpiry = renewed.cookies.find((c) => c.name === sessionCookieName)?.expires?.getTime() ?? 0;
    expect(Math.abs(cookieExpiry - row!.expiresAt.getTime())).toBeLessThan(1000);
  });

  it('rejects and deletes an expired session', async () => {
    const response = await signUp({ email: 'gina@example.test', password: testPassword, displayName: 'Gina' });
    const userId = response.json().user.id;
    await t.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, userId));
    expect((await me(sessionCookieFrom(response))).statusCode).toBe(401);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
  });

  it('ends every session when the password changes, keeping the device that changed it signed in', async () => {
    await signUp({ email: 'hal@example.test', password: testPassword, displayName: 'Hal' });
    const laptop = sessionCookieFrom(await signIn('hal@example.test', testPassword))!;
    const phone = sessionCookieFrom(await signIn('hal@example.test', testPassword))!;
    const change = await t.request({
      method: 'POST',
      url: '/api/auth/change-password',
      cookie: laptop,
      body: { currentPassword: testPassword, newPassword: 'a brand new passphrase' },
      remoteAddress: nextAddress(),
    });
    expect(change.statusCode).toBe(204);
    const fresh = sessionCookieFrom(change)!;
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(fresh)).statusCode).toBe(200);
    expect((await signIn('hal@example.test', 'a brand new passphrase')).statusCode).toBe(200);
  });

  it('refuses a password change with the wrong current password', async () => {
    const cookie = sessionCookieFrom(await signUp({ email: 'ivy@example.test', password: testPassword, displayName: 'Ivy' }))!;
    const change = await t.request({
      method: 'POST',
      url: '/api/auth/change-password',
      cookie,
      body: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
      remoteAddress: nextAddress(),
    });
    expect(change.statusCode).toBe(401);
    expect(change.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'currentPassword' });
    expect((await me(cookie)).statusCode).toBe(200);
  });
});

describe('display name', () => {
  it('changes the name shown on posts, keeps the handle, and audits the change; refuses a blank one', async () => {
    const cookie = sessionCookieFrom(await signUp({ email: 'jo@example.test', password: testPassword, displayName: 'Jo Old' }))!;
    const [before] = await t.db.select().from(users).where(eq(users.email, 'jo@example.test'));
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie, body: { title: 'Renamed asker', body: 'x' } });
    const renamed = await t.request({ method: 'PATCH', url: '/api/me', cookie, body: { displayName: '  Jo New  ' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().user).toMatchObject({ id: before!.id, displayName: 'Jo New' });
    const [after] = await t.db.select().from(users).where(eq(users.id, before!.id));
    expect(after).toMatchObject({ displayName: 'Jo New', handle: before!.handle });
    const read = await t.request({ method: 'GET', url: `/api/topics/${topic.json().id}` });
    expect(read.json().posts[0].author.displayName).toBe('Jo New');
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'account.renamed'));
    expect(entry).toMatchObject({ actorId: before!.id, details: { from: 'Jo Old', to: 'Jo New' } });

    for (const displayName of ['   ', '', 'x'.repeat(81)]) {
      const bad = await t.request({ method: 'PATCH', url: '/api/me', cookie, body: { displayName } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('displayName');
    }
    expect((await t.request({ method: 'PATCH', url: '/api/me', body: { displayName: 'Guest' } })).statusCode).toBe(401);
    expect((await me(cookie)).json().user.displayName).toBe('Jo New');
  });
});

describe('cookie security', () => {
  it('marks the cookie Secure when the page request came over HTTPS', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/auth/sign-up',
      body: { email: 'tls@example.test', password: testPassword, displayName: 'TLS' },
      headers: { 'x-townhall-proto': 'https' },
      remoteAddress: nextAddress(),
    });
    expect(response.cookies.find((c) => c.name === sessionCookieName)?.secure).toBe(true);
  });
});
