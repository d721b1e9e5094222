import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookieFrom, testPassword, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('security headers', () => {
  it.each([
    ['a JSON answer', '/api/boards'],
    ['an error', '/api/topics/999999'],
    ['an unknown route', '/api/nothing-here'],
    ['the Atom feed', '/api/release-notes/feed.atom'],
  ])('sends nosniff, a referrer policy, no framing and a locked-down CSP on %s', async (_name, url) => {
    const response = await t.request({ method: 'GET', url });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, on the whole site, and not Secure over plain HTTP', async () => {
    const person = await t.signedIn('customer');
    const plain = await t.request({ method: 'POST', url: '/api/auth/sign-in', body: { email: person.email, password: testPassword } });
    const cookie = plain.cookies.find((c) => c.name === 'townhall_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(sessionCookieFrom(plain)).toBeDefined();
  });
});
