import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let alice: Person;
beforeAll(async () => {
  t = await createTestApp();
  alice = await t.signedIn('customer');
});
afterAll(() => t.close());

const ask = (headers: Record<string, string>, cookie = alice.cookie, body: unknown = { title: 'Cross-site?', body: 'Hello' }) =>
  t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie, body, headers });

describe('state-changing requests from other sites', () => {
  it('accepts a same-origin request', async () => {
    expect((await ask({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await ask({ origin: 'http://townhall.test' })).statusCode).toBe(201);
  });

  it.each(['cross-site', 'same-site', 'none'])('rejects Sec-Fetch-Site: %s', async (site) => {
    const response = await ask({ 'sec-fetch-site': site, origin: 'http://townhall.test' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CROSS_ORIGIN_REJECTED');
  });

  it.each(['https://evil.example', 'http://townhall.test.evil.example', 'null', 'not a url'])('rejects Origin: %s', async (origin) => {
    const response = await ask({ origin });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CROSS_ORIGIN_REJECTED');
  });

  it('rejects a request with a session cookie but no Origin', async () => {
    const response = await ask({ origin: '' });
    expect(response.statusCode).toBe(403);
  });

  it('lets a non-browser client without a session cookie through to normal checks', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/auth/sign-in',
      body: { email: alice.email, password: 'wrong password' },
      headers: { origin: '' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('refuses text/plain bodies, which a foreign form could send without a preflight', async () => {
    const response = await ask({ 'content-type': 'text/plain' }, alice.cookie, JSON.stringify({ title: 'Plain', body: 'text' }));
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses form-encoded bodies', async () => {
    const response = await ask({ 'content-type': 'application/x-www-form-urlencoded' }, alice.cookie, 'title=x&body=y');
    expect(response.statusCode).toBe(415);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await ask({}, alice.cookie, '{"title": ');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
  });
});
