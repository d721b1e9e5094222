import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards, sessions } from '@townhall/db';
import { liveLimits, liveSessionEndedCloseCode as sessionEndedCloseCode } from '@townhall/contracts';
import { createTestApp, sessionCookieFrom, testPassword, type Person, type TestApp } from './test-app.ts';
import { buildSecondInstance, listenForSockets, openTestSocket, pause, subscribedSocket, type TestSocket } from './live-helpers.ts';
import { countStatements } from './statement-counter.ts';

// An open socket must not keep the access its session had when it was opened: once the session
// ends (sign-out, expiry, a password change, deactivation) the socket closes, and a changed role
// applies to what it receives from then on, on every instance.

let t: TestApp;
let url: string;
let second: FastifyInstance;
let secondUrl: string;
let admin: Person;
let ops: Person;
let asker: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  url = await listenForSockets(t.app);
  second = await buildSecondInstance(t.app);
  secondUrl = await listenForSockets(second);
  admin = await t.signedIn('admin');
  ops = await t.signedIn('ops');
  asker = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  await t.db.insert(boards).values({ slug: 'members-only', name: 'Members only', kind: 'qa', visibility: 'members', position: 70 });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

let asked = 0;
async function ask(person: Person, board = 'members-only') {
  asked += 1;
  const response = await t.request({ method: 'POST', url: `/api/boards/${board}/topics`, cookie: person.cookie, body: { title: `Question ${asked}`, body: 'Question' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
}
async function answer(person: Person, topicId: number, body = 'An answer') {
  const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
}
async function nextEvent(socket: TestSocket, kind: string, topicId: number) {
  for (;;) {
    const event = await socket.next('event');
    if (event.kind === kind && event.payload.topicId === topicId) return event;
  }
}
const membersOnlyStatus = async (person: Person) => (await t.request({ method: 'GET', url: '/api/boards/members-only/topics', cookie: person.cookie })).statusCode;

/**
 * Follows a members-only topic as `person` (on `socketUrl`) and as staff, checks the person gets
 * its events, runs `end`, and answers how the person's socket closed and whether it got the post
 * made after that (the staff socket's copy shows it was published).
 */
async function afterAccessEnds(person: Person, end: () => Promise<void>, socketUrl = url) {
  const topicId = await ask(asker);
  const { socket } = await subscribedSocket(socketUrl, [`topic:${topicId}`], { cookie: person.cookie });
  const { socket: control } = await subscribedSocket(socketUrl, [`topic:${topicId}`], { cookie: ops.cookie });
  await socket.next('subscribed');
  await control.next('subscribed');
  await answer(asker, topicId, 'Before');
  await nextEvent(socket, 'post.created', topicId);
  await nextEvent(control, 'post.created', topicId);

  await end();
  const postId = await answer(asker, topicId, 'After');
  await nextEvent(control, 'post.created', topicId);
  const closeCode = await Promise.race([socket.closed, pause(2000).then(() => null)]);
  const leaked = socket.events().filter((event) => event.payload.postId === postId);
  await Promise.all([socket.close(), control.close()]);
  return { closeCode, leaked };
}

describe('a socket whose session ends', () => {
  it('closes on sign-out; other people’s sockets stay open', async () => {
    const reader = await t.signedIn('customer', { organization: 'Readers', tier: 'tail' });
    const bystander = await t.signedIn('customer', { organization: 'Readers', tier: 'tail' });
    const { socket: other } = await subscribedSocket(url, ['notifications'], { cookie: bystander.cookie });
    await other.next('subscribed');
    const { closeCode, leaked } = await afterAccessEnds(reader, async () => {
      expect((await t.request({ method: 'POST', url: '/api/auth/sign-out', cookie: reader.cookie })).statusCode).toBe(204);
      expect(await membersOnlyStatus(reader)).toBe(401);
    });
    expect(closeCode).toBe(sessionEndedCloseCode);
    expect(leaked).toEqual([]);
    expect(other.socket.readyState).toBe(other.socket.OPEN);
    await other.close();
  });

  it('closes when the session expires', async () => {
    const reader = await t.signedIn('customer', { organization: 'Readers', tier: 'tail' });
    const { closeCode, leaked } = await afterAccessEnds(reader, async () => {
      await t.db.update(sessions).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(sessions.userId, reader.id));
    });
    expect(closeCode).toBe(sessionEndedCloseCode);
    expect(leaked).toEqual([]);
  });

  it('closes another device’s socket when the person changes their password', async () => {
    const victim = await t.signedIn('customer', { organization: 'Readers', tier: 'tail' });
    const signIn = await t.request({ method: 'POST', url: '/api/auth/sign-in', body: { email: victim.email, password: testPassword }, remoteAddress: '10.77.0.1' });
    expect(signIn.statusCode).toBe(200);
    const otherDevice: Person = { ...victim, cookie: sessionCookieFrom(signIn)! };
    const { closeCode, leaked } = await afterAccessEnds(otherDevice, async () => {
      const changed = await t.request({
        method: 'POST',
        url: '/api/auth/change-password',
        cookie: victim.cookie,
        body: { currentPassword: testPassword, newPassword: 'another long passphrase 42' },
      });
      expect(changed.statusCode).toBe(204);
      expect(await membersOnlyStatus(otherDevice)).toBe(401);
    });
    expect(closeCode).toBe(sessionEndedCloseCode);
    expect(leaked).toEqual([]);
  });

  it('closes when an admin deactivates the person, on another instance too', async () => {
    const reader = await t.signedIn('customer', { organization: 'Readers', tier: 'tail' });
    const { closeCode, leaked } = await afterAccessEnds(
      reader,
      async () => {
        expect((await t.request({ method: 'POST', url: `/api/admin/people/${reader.id}/deactivate`, cookie: admin.cookie })).statusCode).toBe(200);
      },
      secondUrl,
    );
    expect(closeCode).toBe(sessionEndedCloseCode);
    expect(leaked).toEqual([]);
  });

  it('cannot subscribe any more once its session expired, even before any event', async () => {
    const reader = await t.signedIn('customer', { organization: 'Readers', tier: 'tail' });
    const topicId = await ask(asker);
    const socket = await openTestSocket(url, { cookie: reader.cookie });
    await socket.next('ready');
    // Expired in place, as time would: no change is notified, the socket's own expiry is checked.
    const expiry = new Date(Date.now() + 300);
    await t.db.update(sessions).set({ expiresAt: expiry }).where(eq(sessions.userId, reader.id));
    await pause(600);
    socket.send({ type: 'subscribe', channel: `topic:${topicId}` });
    expect(await socket.closed).toBe(sessionEndedCloseCode);
    expect(socket.received.some((message) => message.type === 'subscribed')).toBe(false);
  });
});

describe('a socket whose person’s role changes', () => {
  it('stops receiving the staff-only SLA queue once demoted, without closing', async () => {
    const demoted = await t.signedIn('ops');
    const { socket } = await subscribedSocket(url, ['sla'], { cookie: demoted.cookie });
    const { socket: control } = await subscribedSocket(url, ['sla'], { cookie: ops.cookie });
    await socket.next('subscribed');
    await control.next('subscribed');
    const before = await ask(asker, 'qa');
    await nextEvent(socket, 'sla.changed', before);

    const changed = await t.request({ method: 'PATCH', url: `/api/admin/people/${demoted.id}`, cookie: admin.cookie, body: { role: 'customer' } });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = await ask(asker, 'qa');
    await nextEvent(control, 'sla.changed', after);
    await pause(300);
    expect(socket.events().filter((event) => event.channel === 'sla' && event.payload.topicId === after)).toEqual([]);
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    await Promise.all([socket.close(), control.close()]);
  });

  it('stops receiving a hidden topic’s events once demoted', async () => {
    const demoted = await t.signedIn('pm');
    const topicId = await ask(asker);
    expect((await t.request({ method: 'POST', url: `/api/topics/${topicId}/moderation`, cookie: ops.cookie, body: { action: 'hide' } })).statusCode).toBe(200);
    const { socket } = await subscribedSocket(url, [`topic:${topicId}`], { cookie: demoted.cookie });
    const { socket: control } = await subscribedSocket(url, [`topic:${topicId}`], { cookie: ops.cookie });
    await socket.next('subscribed');
    await control.next('subscribed');
    await answer(ops, topicId, 'Seen while staff');
    await nextEvent(socket, 'post.created', topicId);

    expect((await t.request({ method: 'PATCH', url: `/api/admin/people/${demoted.id}`, cookie: admin.cookie, body: { role: 'customer' } })).statusCode).toBe(200);
    const postId = await answer(ops, topicId, 'Staff-only note in a hidden topic');
    await nextEvent(control, 'post.created', topicId);
    await pause(300);
    expect(socket.events().filter((event) => event.payload.postId === postId)).toEqual([]);
    await Promise.all([socket.close(), control.close()]);
  });
});

describe('what one socket may send', () => {
  it('refuses a catch-up from a number rather than a cursor as invalid', async () => {
    const socket = await openTestSocket(url);
    await socket.next('ready');
    socket.socket.send('{"type":"catchUp","sinceId":10000000000000000000}');
    expect(await socket.next('error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    await socket.close();
  });

  it(`closes a socket that floods it, after the burst of ${liveLimits.messageBurst} messages, having read the database only for those`, async () => {
    const topicId = await ask(asker, 'qa');
    const socket = await openTestSocket(url);
    await socket.next('ready');
    const counter = countStatements(t.app);
    for (let i = 0; i < 3000; i++) socket.send({ type: 'subscribe', channel: `topic:${topicId}` });
    expect(await socket.closed).toBe(1008);
    await pause(300);
    const statements = counter.texts().length;
    counter.stop();
    const answered = socket.received.filter((message) => message.type === 'subscribed').length;
    expect(answered).toBeLessThanOrEqual(liveLimits.messageBurst + 1);
    expect(statements).toBeLessThanOrEqual((liveLimits.messageBurst + 1) * 2);
  });

  it('serves a page’s usual messages: every subscription it may hold and a catch-up, at once', async () => {
    const socket = await openTestSocket(url);
    await socket.next('ready');
    for (let i = 0; i < liveLimits.subscriptionsPerSocket; i++) socket.send({ type: 'subscribe', channel: `board:board-${i}` });
    socket.send({ type: 'catchUp', sinceId: t.app.live.cursors.toCursor(0) });
    await socket.next('caughtUp');
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    await socket.close();
  });
});
