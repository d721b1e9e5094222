import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSessionEndedCloseCode, liveTooManySocketsCloseCode } from '@townhall/contracts';
import { loadConfig } from '../src/config.ts';
import { createTestApp, sessionCookieFrom, testPassword, type Person, type TestApp } from './test-app.ts';
import { buildSecondInstance, listenForSockets, openTestSocket, pause, type TestSocket } from './live-helpers.ts';

// One person (or one guest address) may hold only so many live sockets on an instance; past it a
// new socket is closed as it opens, and a socket that closes, however it closes, frees its slot.

const live = { ...loadConfig({}).live, socketsPerPerson: 3, socketsPerGuestAddress: 2 };
let t: TestApp;
let url: string;
let behindProxy: FastifyInstance;
let behindProxyUrl: string;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 }, live });
  url = await listenForSockets(t.app);
  behindProxy = await buildSecondInstance(t.app, live, { config: { trustProxy: true } });
  behindProxyUrl = await listenForSockets(behindProxy);
});
afterAll(async () => {
  await behindProxy?.close();
  await t?.close();
});

type Options = Parameters<typeof openTestSocket>[1];

/** Opens a socket and waits for its `ready`: a socket the server accepted. */
async function readySocket(socketUrl: string, options: Options = {}): Promise<TestSocket> {
  const socket = await openTestSocket(socketUrl, options);
  await socket.next('ready');
  return socket;
}

/** Opens sockets one after another until one is accepted: a closed socket's slot frees as the server sees it close. */
async function readySocketOnceFree(socketUrl: string, options: Options = {}): Promise<TestSocket> {
  for (let attempt = 0; ; attempt += 1) {
    const socket = await openTestSocket(socketUrl, options);
    const outcome = await Promise.race([socket.next('ready').then(() => 'ready' as const), socket.closed]);
    if (outcome === 'ready') return socket;
    if (attempt === 40) throw new Error(`still refused (${outcome})`);
    await pause(25);
  }
}

async function expectRefused(socketUrl: string, options: Options = {}) {
  const socket = await openTestSocket(socketUrl, options);
  expect(await Promise.race([socket.closed, pause(3000).then(() => 'still open')])).toBe(liveTooManySocketsCloseCode);
  expect(await socket.closeReason).toMatch(/too many/i);
  expect(socket.received).toEqual([]);
}

const closeAll = (sockets: TestSocket[]) => Promise.all(sockets.map((socket) => socket.close()));

describe('sockets per person', () => {
  let person: Person;
  beforeAll(async () => {
    person = await t.signedIn('customer');
  });

  it('refuses the socket past the limit, and accepts one again once another closes', async () => {
    const sockets = [await readySocket(url, { cookie: person.cookie }), await readySocket(url, { cookie: person.cookie }), await readySocket(url, { cookie: person.cookie })];
    await expectRefused(url, { cookie: person.cookie });
    // Another person is not affected.
    const other = await t.signedIn('customer');
    const theirs = await readySocket(url, { cookie: other.cookie });

    await sockets[0]!.close();
    sockets[0] = await readySocketOnceFree(url, { cookie: person.cookie });
    await expectRefused(url, { cookie: person.cookie });
    await closeAll([...sockets, theirs]);
  });

  it('frees the slot of a socket dropped without a close handshake', async () => {
    const sockets = [await readySocketOnceFree(url, { cookie: person.cookie }), await readySocketOnceFree(url, { cookie: person.cookie }), await readySocketOnceFree(url, { cookie: person.cookie })];
    await expectRefused(url, { cookie: person.cookie });
    sockets[1]!.socket.terminate();
    sockets[1] = await readySocketOnceFree(url, { cookie: person.cookie });
    await closeAll(sockets);
  });

  it('frees the slots of sockets closed because their session ended', async () => {
    const signIn = await t.request({ method: 'POST', url: '/api/auth/sign-in', body: { email: person.email, password: testPassword } });
    const secondSession = sessionCookieFrom(signIn)!;
    const sockets = [await readySocketOnceFree(url, { cookie: person.cookie }), await readySocketOnceFree(url, { cookie: person.cookie }), await readySocketOnceFree(url, { cookie: person.cookie })];
    await expectRefused(url, { cookie: secondSession });

    expect((await t.request({ method: 'POST', url: '/api/auth/sign-out', cookie: person.cookie })).statusCode).toBeLessThan(300);
    expect(await Promise.all(sockets.map((socket) => socket.closed))).toEqual([liveSessionEndedCloseCode, liveSessionEndedCloseCode, liveSessionEndedCloseCode]);
    const fresh = [await readySocketOnceFree(url, { cookie: secondSession }), await readySocket(url, { cookie: secondSession }), await readySocket(url, { cookie: secondSession })];
    await expectRefused(url, { cookie: secondSession });
    await closeAll(fresh);
  });
});

describe('guest sockets per client address', () => {
  it('counts guests by their address, and ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const sockets = [
      await readySocket(url, { headers: { 'x-forwarded-for': '203.0.113.1' } }),
      await readySocket(url, { headers: { 'x-forwarded-for': '203.0.113.2' } }),
    ];
    await expectRefused(url, { headers: { 'x-forwarded-for': '203.0.113.3' } });
    await closeAll(sockets);
  });

  it('behind a trusted proxy, counts each forwarded client address apart', async () => {
    const first = { headers: { 'x-forwarded-for': '203.0.113.1' } };
    const second = { headers: { 'x-forwarded-for': '203.0.113.2' } };
    const sockets = [await readySocket(behindProxyUrl, first), await readySocket(behindProxyUrl, first)];
    await expectRefused(behindProxyUrl, first);
    sockets.push(await readySocket(behindProxyUrl, second), await readySocket(behindProxyUrl, second));
    await expectRefused(behindProxyUrl, second);
    await closeAll(sockets);
  });
});
