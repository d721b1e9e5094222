import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, testHost, testOrigin, type Person, type TestApp } from './test-app.ts';
import { buildSecondInstance } from './live-helpers.ts';

// Rate limits are counted in the database, so two instances behind a load balancer share them.

let t: TestApp;
let second: FastifyInstance;
let writer: Person;

beforeAll(async () => {
  const limits = { rateLimits: { signInPerMinute: 10, postsPerMinute: 6 }, reactionsPerMinute: 6 };
  t = await createTestApp(limits);
  second = await buildSecondInstance(t.app, undefined, { config: limits });
  writer = await t.signedIn('customer', { tier: 'head' });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const via = (app: FastifyInstance, url: string, body: unknown, cookie?: string) =>
  app.inject({
    method: 'POST',
    url,
    remoteAddress: '10.77.0.1',
    headers: { host: testHost, origin: testOrigin, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    payload: JSON.stringify(body),
  });

describe('rate limits across instances', () => {
  it('counts sign-in attempts from one address on both instances together', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const app = attempt % 2 === 0 ? t.app : second;
      statuses.push((await via(app, '/api/auth/sign-in', { email: 'nobody@example.test', password: 'wrong password here' })).statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('counts one person’s posts on both instances together', async () => {
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: writer.cookie, body: { title: 'Limits', body: 'One' } });
    expect(topic.statusCode).toBe(201);
    const statuses: number[] = [];
    for (let n = 0; n < 7; n += 1) {
      const app = n % 2 === 0 ? second : t.app;
      statuses.push((await via(app, `/api/topics/${topic.json().id}/posts`, { body: `Reply ${n}` }, writer.cookie)).statusCode);
    }
    // Six replies a minute, wherever they land; the seventh is refused.
    expect(statuses.slice(0, 6)).toEqual(Array(6).fill(201));
    expect(statuses[6]).toBe(429);
  });

  it('counts concurrent posts of one person exactly: those counted in one statement too', async () => {
    const poster = await t.signedIn('customer', { tier: 'head' });
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: poster.cookie, body: { title: 'Concurrent limits', body: 'One' } });
    expect(topic.statusCode).toBe(201);
    // Twelve at once, on both instances: six a minute on this route, wherever they land.
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, n) => via(n % 2 === 0 ? t.app : second, `/api/topics/${topic.json().id}/posts`, { body: `Reply ${n}` }, poster.cookie)),
    ).then((responses) => responses.map((response) => response.statusCode));
    expect(statuses.filter((status) => status === 201)).toHaveLength(6);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
  });

  it('limits one person’s edits and flags too, each on its own budget (twice the posting limit)', async () => {
    const editor = await t.signedIn('customer', { tier: 'head' });
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: editor.cookie, body: { title: 'Edited often', body: 'One' } });
    expect(topic.statusCode).toBe(201);
    const postId = (await t.request({ method: 'GET', url: `/api/topics/${topic.json().id}`, cookie: editor.cookie })).json().posts[0].id as number;
    const edit = (app: FastifyInstance, n: number) =>
      app.inject({
        method: 'PATCH',
        url: `/api/posts/${postId}`,
        remoteAddress: '10.77.0.2',
        headers: { host: testHost, origin: testOrigin, 'content-type': 'application/json', cookie: editor.cookie },
        payload: JSON.stringify({ body: `Edit ${n}` }),
      });
    const edits: number[] = [];
    for (let n = 0; n < 13; n += 1) edits.push((await edit(n % 2 === 0 ? t.app : second, n)).statusCode);
    expect(edits.slice(0, 12)).toEqual(Array(12).fill(200));
    expect(edits[12]).toBe(429);
    const revisions = (await t.request({ method: 'GET', url: `/api/posts/${postId}/revisions`, cookie: editor.cookie })).json();
    expect(revisions.items ?? revisions.revisions).toHaveLength(13);

    // Flags have a budget of their own (the edits above did not spend it): the same flag again
    // is refused as a repeat, and past the budget as too many.
    const flags: number[] = [];
    for (let n = 0; n < 13; n += 1) flags.push((await via(n % 2 === 0 ? t.app : second, `/api/posts/${postId}/flags`, { reason: 'spam' }, editor.cookie)).statusCode);
    expect(flags[0]).toBe(201);
    expect(flags.slice(1, 12)).toEqual(Array(11).fill(409));
    expect(flags[12]).toBe(429);
  });

  it('limits one person’s "me too" votes and reactions together, given or taken back', async () => {
    const asker = await t.signedIn('customer', { tier: 'head' });
    const toggler = await t.signedIn('customer', { tier: 'waist' });
    const other = await t.signedIn('customer', { tier: 'tail' });
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title: 'Toggled', body: 'One' } });
    expect(topic.statusCode).toBe(201);
    const id = topic.json().id as number;
    const toggle = (app: FastifyInstance, method: 'PUT' | 'DELETE', url: string, cookie: string) =>
      app.inject({ method, url, remoteAddress: '10.77.0.3', headers: { host: testHost, origin: testOrigin, cookie } });
    const statuses: number[] = [];
    for (let n = 0; n < 7; n += 1) {
      const method = n % 2 === 0 ? 'PUT' : 'DELETE';
      const url = n < 4 ? `/api/topics/${id}/vote` : `/api/topics/${id}/reactions/thumbs_up`;
      statuses.push((await toggle(n % 2 === 0 ? t.app : second, method, url, toggler.cookie)).statusCode);
    }
    // Six a minute, votes and reactions together, wherever they land; the seventh is refused.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    const refused = await toggle(second, 'PUT', `/api/topics/${id}/vote`, toggler.cookie);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    // Another person's budget is their own; the refused vote counted for nothing.
    const voted = await toggle(t.app, 'PUT', `/api/topics/${id}/vote`, other.cookie);
    expect(voted.statusCode).toBe(200);
    expect(voted.json().voteCount).toBe(1);
  });
});
