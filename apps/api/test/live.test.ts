import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { betaApplications, betaPrograms, boards, liveEvents, topics } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { buildSecondInstance, listenForSockets, openTestSocket, pause, subscribedSocket, type TestSocket } from './live-helpers.ts';

/** The next event of `kind` (a post made just before subscribing may still arrive first). */
async function nextEvent(socket: TestSocket, kind: string, topicId?: number) {
  for (;;) {
    const event = await socket.next('event');
    if (event.kind === kind && (topicId === undefined || event.payload.topicId === topicId)) return event;
  }
}

let t: TestApp;
let second: FastifyInstance;
let urlA: string;
let urlB: string;
let alice: Person;
let bob: Person;
let ops: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  second = await buildSecondInstance(t.app);
  [urlA, urlB] = await Promise.all([listenForSockets(t.app), listenForSockets(second)]);
  alice = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  bob = await t.signedIn('customer', { organization: 'TinyCo', tier: 'tail' });
  ops = await t.signedIn('ops');
  await t.db.insert(boards).values({ slug: 'members-qa', name: 'Members Q&A', kind: 'qa', visibility: 'members', position: 50 });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

let seq = 0;
const ask = async (person: Person, board = 'qa') => {
  seq += 1;
  const response = await t.request({ method: 'POST', url: `/api/boards/${board}/topics`, cookie: person.cookie, body: { title: `Live ${seq}`, body: 'Question' } });
  expect(response.statusCode).toBe(201);
  return response.json().id as number;
};
const answer = async (person: Person, topicId: number, body = 'An answer') => {
  const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body } });
  expect(response.statusCode).toBe(201);
  return response.json().id as number;
};

describe('opening the socket', () => {
  it('refuses a foreign Origin', async () => {
    await expect(openTestSocket(urlA, { cookie: alice.cookie, origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });

  it('refuses a session cookie without an Origin', async () => {
    await expect(openTestSocket(urlA, { cookie: alice.cookie, origin: null })).rejects.toThrow(/403/);
  });

  it('says which event is the newest on connect and answers a malformed message with an error', async () => {
    const socket = await openTestSocket(urlA, { cookie: alice.cookie });
    expect((await socket.next('ready')).lastEventId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    socket.send({ type: 'subscribe', channel: 'user:1' });
    expect(await socket.next('error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    socket.socket.send('not json');
    expect(await socket.next('error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    await socket.close();
  });
});

describe('fan-out across instances', () => {
  it('delivers a post made through instance A to a socket on instance B', async () => {
    const topicId = await ask(alice);
    const { socket } = await subscribedSocket(urlB, [`topic:${topicId}`, 'board:qa'], { cookie: alice.cookie });
    await socket.next('subscribed');
    await socket.next('subscribed');
    const postId = await answer(ops, topicId, 'Official answer');
    const event = await nextEvent(socket, 'post.created');
    expect(event).toMatchObject({ channel: `topic:${topicId}`, kind: 'post.created', payload: { topicId, postId, postNumber: 2 } });

    const newTopicId = await ask(bob);
    expect(await nextEvent(socket, 'topic.created', newTopicId)).toMatchObject({ channel: 'board:qa', kind: 'topic.created', payload: { topicId: newTopicId } });
    await socket.close();
  });

  it('delivers votes, accepted answers and status changes to guests on a public board', async () => {
    const topicId = await ask(alice);
    const postId = await answer(ops, topicId);
    const { socket } = await subscribedSocket(urlB, [`topic:${topicId}`]);
    await socket.next('subscribed');
    await t.request({ method: 'PUT', url: `/api/topics/${topicId}/vote`, cookie: bob.cookie });
    expect(await nextEvent(socket, 'topic.votes')).toMatchObject({ kind: 'topic.votes', payload: { topicId, voteCount: 1 } });
    await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: alice.cookie, body: { postId } });
    expect(await nextEvent(socket, 'answer.accepted')).toMatchObject({ kind: 'answer.accepted', payload: { topicId, acceptedPostId: postId, status: 'solved' } });
    await t.request({ method: 'POST', url: `/api/topics/${topicId}/status`, cookie: ops.cookie, body: { status: 'open' } });
    expect(await nextEvent(socket, 'topic.status')).toMatchObject({ kind: 'topic.status', payload: { topicId, status: 'open' } });
    await socket.close();
  });
});

describe('events carried in the NOTIFY', () => {
  it('delivers events published together in order, and one too large for a NOTIFY by its id', async () => {
    const topicId = await ask(alice);
    const { socket } = await subscribedSocket(urlB, [`topic:${topicId}`]);
    await socket.next('subscribed');
    const large = 'x'.repeat(9000);
    await t.app.live.publishMany([
      { channel: `topic:${topicId}`, kind: 'topic.status', payload: { topicId, status: 'first' } },
      { channel: `topic:${topicId}`, kind: 'topic.status', payload: { topicId, status: large } },
      { channel: `topic:${topicId}`, kind: 'topic.status', payload: { topicId, status: 'third' } },
    ]);
    const received = [await socket.next('event'), await socket.next('event'), await socket.next('event')];
    expect(received.map((event) => event.payload.status)).toEqual(['first', large, 'third']);
    const stored = await t.db.select({ id: liveEvents.id }).from(liveEvents).where(eq(liveEvents.channel, `topic:${topicId}`)).orderBy(liveEvents.id);
    expect(received.map((event) => event.id)).toEqual(stored.map((row) => t.app.live.cursors.toCursor(row.id)));
    await socket.close();
  });
});

describe('event ids as clients see them', () => {
  it('are opaque cursors, the same on every instance, that do not count the events', async () => {
    const topicId = await ask(alice);
    const [onA, onB] = await Promise.all([subscribedSocket(urlA, [`topic:${topicId}`]), subscribedSocket(urlB, [])]);
    await onA.socket.next('subscribed');
    expect(onA.lastEventId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(onB.lastEventId).toBe(onA.lastEventId);

    await t.app.live.publish({ channel: `topic:${topicId}`, kind: 'topic.votes', payload: { topicId, voteCount: 1 } });
    const event = await onA.socket.next('event');
    const [stored] = await t.db.select({ id: liveEvents.id }).from(liveEvents).where(eq(liveEvents.channel, `topic:${topicId}`));
    expect(event.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(event.id).not.toContain(String(stored!.id));
    await Promise.all([onA.socket.close(), onB.socket.close()]);
  });
});

describe('edits, moderation and reactions', () => {
  it('sends an edit with its post, a hide without it, and reaction counts', async () => {
    const topicId = await ask(alice);
    const postId = await answer(bob, topicId, 'First version');
    const { socket: guest } = await subscribedSocket(urlB, [`topic:${topicId}`]);
    await guest.next('subscribed');
    const { socket: staff } = await subscribedSocket(urlA, [`topic:${topicId}`], { cookie: ops.cookie });
    await staff.next('subscribed');

    const edit = await t.request({ method: 'PATCH', url: `/api/posts/${postId}`, cookie: bob.cookie, body: { body: 'Second version' } });
    expect(edit.statusCode).toBe(200);
    expect(await nextEvent(guest, 'post.edited', topicId)).toMatchObject({ payload: { topicId, postId } });

    const reacted = await t.request({ method: 'PUT', url: `/api/topics/${topicId}/reactions/tada`, cookie: alice.cookie });
    expect(reacted.statusCode).toBe(200);
    expect(await nextEvent(guest, 'topic.reactions', topicId)).toMatchObject({ payload: { topicId, tada: 1, thumbs_up: 0 } });

    const hidden = await t.request({ method: 'POST', url: `/api/posts/${postId}/hide`, cookie: ops.cookie, body: { reason: 'Off topic' } });
    expect(hidden.statusCode).toBe(200);
    const hideEvent = await nextEvent(guest, 'post.moderated', topicId);
    // The guest's page refreshes and loses the post, but the event says nothing about which.
    expect(hideEvent.payload).toEqual({ topicId });

    // Editing the hidden post reaches staff only.
    await t.request({ method: 'PATCH', url: `/api/posts/${postId}`, cookie: ops.cookie, body: { body: 'Third version' } });
    expect(await nextEvent(staff, 'post.edited', topicId)).toMatchObject({ payload: { postId } });
    await t.request({ method: 'POST', url: `/api/topics/${topicId}/moderation`, cookie: ops.cookie, body: { action: 'pin' } });
    await nextEvent(guest, 'topic.moderated', topicId);
    expect(guest.events().filter((event) => event.kind === 'post.edited')).toHaveLength(1);
    await Promise.all([guest.close(), staff.close()]);
  });
});

describe('the staff SLA queue channel', () => {
  it('tells staff when a question starts or stops a clock, and refuses everyone else', async () => {
    const { socket: staff } = await subscribedSocket(urlB, ['sla'], { cookie: ops.cookie });
    expect(await staff.next('subscribed')).toMatchObject({ channel: 'sla' });
    const { socket: customer } = await subscribedSocket(urlA, ['sla'], { cookie: alice.cookie });
    expect(await customer.next('error')).toMatchObject({ code: 'FORBIDDEN', channel: 'sla' });
    const { socket: guest } = await subscribedSocket(urlA, ['sla']);
    expect(await guest.next('error')).toMatchObject({ code: 'SIGN_IN_REQUIRED' });

    const topicId = await ask(alice);
    expect(await nextEvent(staff, 'sla.changed', topicId)).toMatchObject({ channel: 'sla', payload: { topicId } });
    // Another customer chiming in moves no clock: no event, so open queues do not reload for it.
    await answer(bob, topicId, 'Me too');
    await answer(ops, topicId, 'Staff answer stops the clock');
    await nextEvent(staff, 'sla.changed', topicId);
    expect(staff.events().filter((event) => event.kind === 'sla.changed' && event.payload.topicId === topicId)).toHaveLength(2);
    await Promise.all([staff.close(), customer.close(), guest.close()]);
  });
});

describe('permissions', () => {
  it('refuses a guest a members-only board and topic and sends them nothing from it', async () => {
    const topicId = await ask(alice, 'members-qa');
    const { socket: guest } = await subscribedSocket(urlA, [`topic:${topicId}`, 'board:members-qa', 'board:beta']);
    for (const channel of [`topic:${topicId}`, 'board:members-qa', 'board:beta']) {
      expect(await guest.next('error')).toMatchObject({ code: 'SIGN_IN_REQUIRED', channel });
    }
    const { socket: member } = await subscribedSocket(urlA, [`topic:${topicId}`], { cookie: bob.cookie });
    await member.next('subscribed');
    await answer(ops, topicId);
    await ask(alice, 'members-qa');
    expect((await member.next('event')).payload).toMatchObject({ topicId });
    guest.send({ type: 'catchUp', sinceId: t.app.live.cursors.toCursor(0) });
    await guest.next('caughtUp');
    expect(guest.events()).toEqual([]);
    await Promise.all([guest.close(), member.close()]);
  });

  it('sends a beta feedback area’s events to accepted participants only', async () => {
    const [feedback] = await t.db
      .insert(boards)
      .values({ slug: 'live-feedback', name: 'Live feedback', kind: 'qa', visibility: 'participants', position: 60 })
      .returning({ id: boards.id });
    const [betaBoard] = await t.db.select({ id: boards.id }).from(boards).where(eq(boards.slug, 'beta'));
    const [programTopic] = await t.db.insert(topics).values({ boardId: betaBoard!.id, authorId: ops.id, title: 'Live beta' }).returning({ id: topics.id });
    await t.db.insert(betaPrograms).values({
      topicId: programTopic!.id,
      introductionMarkdown: 'Intro',
      introductionHtml: '<p>Intro</p>',
      precautionsMarkdown: 'Care',
      precautionsHtml: '<p>Care</p>',
      rendererVersion: 1,
      seatCapacity: 5,
      applicationDeadline: new Date(Date.now() + 86_400_000),
      feedbackBoardId: feedback!.id,
    });
    await t.db.insert(betaApplications).values({ programId: programTopic!.id, userId: alice.id, status: 'accepted' });
    const [feedbackTopic] = await t.db.insert(topics).values({ boardId: feedback!.id, authorId: ops.id, title: 'How is it going?' }).returning({ id: topics.id });
    const channel = `topic:${feedbackTopic!.id}`;

    const participant = await subscribedSocket(urlB, [channel, 'board:live-feedback'], { cookie: alice.cookie });
    const outsider = await subscribedSocket(urlB, [channel, 'board:live-feedback'], { cookie: bob.cookie });
    await participant.socket.next('subscribed');
    await participant.socket.next('subscribed');
    expect(await outsider.socket.next('error')).toMatchObject({ code: 'NOT_FOUND', channel });
    expect(await outsider.socket.next('error')).toMatchObject({ code: 'NOT_FOUND', channel: 'board:live-feedback' });

    await t.app.live.publish({ channel, kind: 'topic.votes', payload: { topicId: feedbackTopic!.id, voteCount: 1 } });
    expect((await participant.socket.next('event')).channel).toBe(channel);
    await t.db.update(betaApplications).set({ status: 'withdrawn' }).where(eq(betaApplications.userId, alice.id));
    await t.app.live.publish({ channel, kind: 'topic.votes', payload: { topicId: feedbackTopic!.id, voteCount: 2 } });
    await pause(300);
    expect(participant.socket.events()).toHaveLength(1);
    expect(outsider.socket.events()).toEqual([]);
    await Promise.all([participant.socket.close(), outsider.socket.close()]);
  });

  it('answers NOT_FOUND for a topic that does not exist', async () => {
    const { socket } = await subscribedSocket(urlA, ['topic:999999999'], { cookie: alice.cookie });
    expect(await socket.next('error')).toMatchObject({ code: 'NOT_FOUND', channel: 'topic:999999999' });
    await socket.close();
  });

  it('does not send a hidden post’s event to customers, but does to staff', async () => {
    const topicId = await ask(alice);
    const probe = await subscribedSocket(urlA, []);
    const before = probe.lastEventId;
    await probe.socket.close();
    const postId = await answer(bob, topicId, 'Shares a customer’s data');
    expect((await t.request({ method: 'POST', url: `/api/posts/${postId}/hide`, cookie: ops.cookie, body: { reason: 'Private data' } })).statusCode).toBe(200);

    // Read after hiding, live (an event published now) and through catch-up.
    const customer = await subscribedSocket(urlB, [`topic:${topicId}`], { cookie: alice.cookie });
    const staff = await subscribedSocket(urlB, [`topic:${topicId}`], { cookie: ops.cookie });
    await Promise.all([customer.socket.next('subscribed'), staff.socket.next('subscribed')]);
    await t.app.live.publish({ channel: `topic:${topicId}`, kind: 'post.created', payload: { topicId, postId, postNumber: 2 } });
    expect((await staff.socket.next('event')).payload).toMatchObject({ postId });
    for (const { socket } of [customer, staff]) {
      socket.send({ type: 'catchUp', sinceId: before });
      await socket.next('caughtUp');
    }
    // The customer hears at most that something in the topic changed (the hide), never about the post.
    expect(customer.socket.events().filter((event) => event.payload.postId !== undefined)).toEqual([]);
    expect(staff.socket.events().filter((event) => event.payload.postId !== undefined).map((event) => event.payload.postId)).toEqual([postId, postId]);
    await Promise.all([customer.socket.close(), staff.socket.close()]);
  });

  it('stops sending a topic’s events to customers once staff hide the topic', async () => {
    const topicId = await ask(alice);
    const customer = await subscribedSocket(urlB, [`topic:${topicId}`], { cookie: alice.cookie });
    const staff = await subscribedSocket(urlB, [`topic:${topicId}`], { cookie: ops.cookie });
    await Promise.all([customer.socket.next('subscribed'), staff.socket.next('subscribed')]);
    expect((await t.request({ method: 'POST', url: `/api/topics/${topicId}/moderation`, cookie: ops.cookie, body: { action: 'hide' } })).statusCode).toBe(200);
    const postId = await answer(ops, topicId, 'Internal note');
    expect((await nextEvent(staff.socket, 'post.created', topicId)).payload).toMatchObject({ postId });
    await pause(200);
    expect(customer.socket.events()).toEqual([]);
    await Promise.all([customer.socket.close(), staff.socket.close()]);
  });
});

describe('catching up after a reconnect', () => {
  it('sends exactly the events missed while disconnected', async () => {
    const topicId = await ask(alice);
    const first = await subscribedSocket(urlA, [`topic:${topicId}`], { cookie: alice.cookie });
    await first.socket.next('subscribed');
    await answer(ops, topicId, 'First');
    const seen = await first.socket.next('event');
    await first.socket.close();

    const missed = [await answer(ops, topicId, 'Second'), await answer(bob, topicId, 'Third')];
    const otherTopic = await ask(bob);
    await answer(ops, otherTopic, 'Elsewhere');

    const again = await subscribedSocket(urlB, [`topic:${topicId}`], { cookie: alice.cookie });
    again.socket.send({ type: 'catchUp', sinceId: seen.id });
    await again.socket.next('subscribed');
    const done = await again.socket.next('caughtUp');
    const events = again.socket.events();
    expect(events.map((event) => event.payload.postId)).toEqual(missed);
    expect(events.every((event) => event.channel === `topic:${topicId}`)).toBe(true);
    expect(done.lastEventId).toBe(events.at(-1)!.id);
    await again.socket.close();
  });

  it('catches up from a cursor on an instance started later, which reads the same key', async () => {
    const topicId = await ask(alice);
    const { socket, lastEventId } = await subscribedSocket(urlA, [`topic:${topicId}`], { cookie: alice.cookie });
    await socket.close();
    const missed = await answer(ops, topicId, 'While away');

    const restarted = await buildSecondInstance(t.app);
    try {
      const again = await subscribedSocket(await listenForSockets(restarted), [`topic:${topicId}`], { cookie: alice.cookie });
      again.socket.send({ type: 'catchUp', sinceId: lastEventId });
      await again.socket.next('caughtUp');
      expect(again.socket.events().map((event) => event.payload.postId)).toEqual([missed]);
      await again.socket.close();
    } finally {
      await restarted.close();
    }
  });

  it('answers a cursor it did not make with INVALID_CURSOR, and goes on serving the socket', async () => {
    const topicId = await ask(alice);
    const { socket, lastEventId } = await subscribedSocket(urlA, [], { cookie: alice.cookie });
    const altered = (lastEventId[0] === 'A' ? 'B' : 'A') + lastEventId.slice(1);
    socket.send({ type: 'catchUp', sinceId: altered });
    expect(await socket.next('error')).toMatchObject({ code: 'INVALID_CURSOR' });
    socket.send({ type: 'subscribe', channel: `topic:${topicId}` });
    await socket.next('subscribed');
    await socket.close();
  });

  it('asks the client to reload when more was missed than the bound', async () => {
    const topicId = await ask(alice);
    const { socket, lastEventId } = await subscribedSocket(urlA, [`topic:${topicId}`], { cookie: alice.cookie });
    await socket.next('subscribed');
    await t.db.insert(liveEvents).values(Array.from({ length: 501 }, () => ({ channel: `topic:${topicId}`, kind: 'topic.votes', payload: { topicId, voteCount: 1 } })));
    socket.send({ type: 'catchUp', sinceId: lastEventId });
    await socket.next('reload');
    await socket.close();
  });
});

describe('slow and dead connections', () => {
  it('terminates a socket that does not answer pings, and keeps one that does', async () => {
    const quick = await buildSecondInstance(t.app, { heartbeatMs: 100 });
    const url = await listenForSockets(quick);
    try {
      const dead = await openTestSocket(url, { autoPong: false });
      const alive = await openTestSocket(url);
      const closed = new Promise<void>((resolve) => dead.socket.once('close', () => resolve()));
      await closed;
      expect(alive.socket.readyState).toBe(alive.socket.OPEN);
      await alive.close();
    } finally {
      await quick.close();
    }
  });

  it('drops a socket whose send buffer exceeds the bound', async () => {
    const strict = await buildSecondInstance(t.app, { maxBufferedBytes: -1 });
    const url = await listenForSockets(strict);
    try {
      const socket = await openTestSocket(url);
      await new Promise<void>((resolve) => socket.socket.once('close', () => resolve()));
      expect(socket.received.filter((message) => message.type === 'ready')).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('sends SLA clock changes to staff only, live and through catch-up', async () => {
    const topicId = await ask(alice);
    const probe = await subscribedSocket(urlA, []);
    const before = probe.lastEventId;
    await probe.socket.close();
    const customer = await subscribedSocket(urlB, [`topic:${topicId}`], { cookie: alice.cookie });
    const staff = await subscribedSocket(urlB, [`topic:${topicId}`], { cookie: ops.cookie });
    await Promise.all([customer.socket.next('subscribed'), staff.socket.next('subscribed')]);
    expect((await t.request({ method: 'POST', url: `/api/topics/${topicId}/sla/pause`, cookie: ops.cookie })).statusCode).toBe(200);
    expect(await nextEvent(staff.socket, 'topic.sla', topicId)).toMatchObject({ payload: { topicId } });
    for (const { socket } of [customer, staff]) {
      socket.send({ type: 'catchUp', sinceId: before });
      await socket.next('caughtUp');
    }
    expect(customer.socket.events().filter((event) => event.kind === 'topic.sla')).toEqual([]);
    expect(staff.socket.events().filter((event) => event.kind === 'topic.sla')).toHaveLength(1);
    await Promise.all([customer.socket.close(), staff.socket.close()]);
  });
});
