import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { boards, mailOutbox, notifications, topicWatches, topics } from '@townhall/db';
import { createTopicsRepository } from '../src/features/topics/topics.repository.ts';
import { rendererVersion } from '../src/features/posts/render-markdown.ts';
import { createTestApp, testHost, testOrigin, type Person, type TestApp } from './test-app.ts';
import { apply, decide, recruitingProgram } from './beta-helpers.ts';
import { listenForSockets, subscribedSocket } from './live-helpers.ts';
import { askOn, replyTo } from './posting-helpers.ts';

let t: TestApp;
let alice: Person;
let bob: Person;
let carol: Person;
let ops: Person;
let pm: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  [alice, bob, carol, ops, pm] = await Promise.all([
    t.signedIn('customer', { organization: 'Acme', tier: 'head' }),
    t.signedIn('customer', { organization: 'Tinyco', tier: 'tail' }),
    t.signedIn('customer', { organization: 'Midco', tier: 'waist' }),
    t.signedIn('ops'),
    t.signedIn('pm'),
  ]);
});
afterAll(() => t.close());

const ask = (person: Person, title = `Question ${Math.random()}`, body?: string) => askOn(t, person, 'qa', title, body);
const reply = (person: Person, topicId: number, body?: string) => replyTo(t, person, topicId, body);

async function inbox(person: Person, query = '') {
  const response = await t.request({ method: 'GET', url: `/api/notifications${query}`, cookie: person.cookie });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    items: { id: number; kind: string; lead: string; title: string; path: string; read: boolean; actorName: string | null; data: Record<string, unknown> }[];
    nextCursor: string | null;
    unreadCount: number;
  };
}

async function readAll(person: Person) {
  await t.request({ method: 'POST', url: '/api/notifications/read-all', cookie: person.cookie });
}

describe('notifications about posts', () => {
  it('tells the asker about an answer, with who, what and where', async () => {
    await readAll(alice);
    const topicId = await ask(alice, 'How do I export a report?');
    const postId = await reply(ops, topicId);
    const { items, unreadCount } = await inbox(alice);
    expect(unreadCount).toBe(1);
    expect(items[0]).toMatchObject({
      kind: 'question_answered',
      title: 'How do I export a report?',
      path: `/t/${topicId}?near=${postId}#post-${postId}`,
      actorName: 'ops 4',
      read: false,
    });
    expect(items[0]!.lead).toBe('ops 4 answered your question');
  });

  it('does not tell people about their own posts', async () => {
    await readAll(alice);
    const topicId = await ask(alice);
    await reply(alice, topicId, 'Adding details myself.');
    expect((await inbox(alice)).unreadCount).toBe(0);
  });

  it('tells people who took part about later replies, and stops when they mute the topic', async () => {
    const topicId = await ask(alice);
    await reply(bob, topicId, 'Same problem here.');
    await readAll(bob);
    await reply(ops, topicId, 'Fixed in 2.3.');
    expect((await inbox(bob)).items[0]).toMatchObject({ kind: 'topic_reply', path: expect.stringContaining(`/t/${topicId}`) });

    const muted = await t.request({ method: 'PUT', url: `/api/topics/${topicId}/watch`, cookie: bob.cookie, body: { level: 'muted' } });
    expect(muted.json()).toEqual({ level: 'muted' });
    await readAll(bob);
    await reply(ops, topicId, `Also @${bob.handle}, see the docs.`);
    expect((await inbox(bob)).unreadCount).toBe(0);
  });

  it('tells watchers of a topic they never wrote in', async () => {
    const topicId = await ask(alice);
    const watched = await t.request({ method: 'PUT', url: `/api/topics/${topicId}/watch`, cookie: carol.cookie, body: { level: 'watching' } });
    expect(watched.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/topics/${topicId}/watch`, cookie: carol.cookie })).json()).toEqual({ level: 'watching' });
    await readAll(carol);
    await reply(ops, topicId);
    expect((await inbox(carol)).items[0]).toMatchObject({ kind: 'topic_reply' });
  });

  it('tells mentioned people, once, and ignores mentions in code and unknown handles', async () => {
    await readAll(carol);
    const topicId = await ask(alice, 'Mentions', `Hi @${carol.handle} and @${carol.handle}, not \`@${bob.handle}\`, nor @nobody-here`);
    await readAll(bob);
    const carolInbox = await inbox(carol);
    expect(carolInbox.unreadCount).toBe(1);
    expect(carolInbox.items[0]).toMatchObject({ kind: 'mention', path: `/t/${topicId}` });
    expect((await inbox(bob)).unreadCount).toBe(0);
  });

  it('tells the author when their answer is accepted', async () => {
    const topicId = await ask(alice);
    const postId = await reply(bob, topicId, 'Try the CSV button.');
    await readAll(bob);
    const accepted = await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: alice.cookie, body: { postId } });
    expect(accepted.statusCode).toBe(200);
    expect((await inbox(bob)).items[0]).toMatchObject({ kind: 'answer_accepted', path: `/t/${topicId}?near=${postId}#post-${postId}` });
  });

  it('tells board watchers about new topics; a muted board tells nothing, mentions included', async () => {
    await t.request({ method: 'PUT', url: '/api/boards/qa/watch', cookie: ops.cookie, body: { level: 'watching' } });
    await t.request({ method: 'PUT', url: '/api/boards/qa/watch', cookie: carol.cookie, body: { level: 'muted' } });
    expect((await t.request({ method: 'GET', url: '/api/boards/qa/watch', cookie: carol.cookie })).json()).toEqual({ level: 'muted' });
    await readAll(ops);
    await readAll(carol);
    const topicId = await ask(bob, 'A new question', `cc @${carol.handle}`);
    expect((await inbox(ops)).items[0]).toMatchObject({ kind: 'new_topic', path: `/t/${topicId}` });
    expect((await inbox(carol)).unreadCount).toBe(0);
    await t.request({ method: 'PUT', url: '/api/boards/qa/watch', cookie: ops.cookie, body: { level: null } });
    await t.request({ method: 'PUT', url: '/api/boards/qa/watch', cookie: carol.cookie, body: { level: null } });
  });

  it('drops a notification from the list once its post is hidden, for the customer but not for staff', async () => {
    await readAll(alice);
    const topicId = await ask(alice);
    const postId = await reply(bob, topicId, 'Spam link');
    expect((await inbox(alice)).unreadCount).toBe(1);
    const hidden = await t.request({ method: 'POST', url: `/api/posts/${postId}/hide`, cookie: ops.cookie, body: { reason: 'spam' } });
    expect(hidden.statusCode).toBe(200);
    const after = await inbox(alice);
    expect(after.unreadCount).toBe(0);
    expect(after.items.some((item) => item.path.includes(`post-${postId}`))).toBe(false);
  });

  it('marks read what the person opens, and only their own notifications', async () => {
    await readAll(alice);
    const topicId = await ask(alice);
    await reply(ops, topicId);
    const [item] = (await inbox(alice)).items;
    const foreign = await t.request({ method: 'POST', url: '/api/notifications/read', cookie: bob.cookie, body: { ids: [item!.id] } });
    expect(foreign.json()).toMatchObject({ marked: 0 });
    expect((await inbox(alice)).unreadCount).toBe(1);
    await t.request({ method: 'GET', url: `/api/topics/${topicId}`, cookie: alice.cookie });
    expect((await inbox(alice)).unreadCount).toBe(0);

    await reply(ops, topicId, 'One more thing.');
    const [next] = (await inbox(alice)).items;
    const marked = await t.request({ method: 'POST', url: '/api/notifications/read', cookie: alice.cookie, body: { ids: [next!.id] } });
    expect(marked.json()).toEqual({ marked: 1, unreadCount: 0 });
  });

  it('pages newest first with a cursor and filters unread', async () => {
    await readAll(alice);
    const topicId = await ask(alice);
    for (let i = 0; i < 3; i += 1) await reply(ops, topicId, `Reply ${i}`);
    await t.request({ method: 'PUT', url: `/api/topics/${topicId}/watch`, cookie: alice.cookie, body: { level: 'watching' } });
    const first = await inbox(alice, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.id).toBeGreaterThan(first.items[1]!.id);
    const second = await inbox(alice, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
    await t.request({ method: 'POST', url: '/api/notifications/read', cookie: alice.cookie, body: { ids: [first.items[0]!.id] } });
    const unread = await inbox(alice, '?unread=true');
    expect(unread.items.every((item) => !item.read)).toBe(true);
    expect(unread.items.some((item) => item.id === first.items[0]!.id)).toBe(false);
  });

  it('rejects bad input with a 400 that names the field', async () => {
    const badIds = await t.request({ method: 'POST', url: '/api/notifications/read', cookie: alice.cookie, body: { ids: [] } });
    expect(badIds.statusCode).toBe(400);
    expect(badIds.json().error.field).toContain('ids');
    const badLevel = await t.request({ method: 'PUT', url: '/api/boards/qa/watch', cookie: alice.cookie, body: { level: 'loud' } });
    expect(badLevel.statusCode).toBe(400);
    const badCursor = await t.request({ method: 'GET', url: '/api/notifications?cursor=abc', cookie: alice.cookie });
    expect(badCursor.statusCode).toBe(400);
  });
});

describe('notifications about beta programs and release notes', () => {
  it('tells applicants of each decision', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 1 });
    const first = (await apply(t, alice, program.id)).json().id as number;
    const second = (await apply(t, bob, program.id)).json().id as number;
    await readAll(alice);
    await readAll(bob);
    expect((await decide(t, pm, program.id, [first], 'accept', 'Welcome aboard')).statusCode).toBe(200);
    expect((await decide(t, pm, program.id, [second], 'waitlist')).statusCode).toBe(200);
    expect((await inbox(alice)).items[0]).toMatchObject({ kind: 'beta_decision', path: `/beta/${program.id}`, data: { status: 'accepted', message: 'Welcome aboard' } });
    expect((await inbox(bob)).items[0]).toMatchObject({ kind: 'beta_decision', data: { status: 'waitlisted' } });
  });

  it('tells a waitlisted applicant when a freed seat goes to them (auto-accept)', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 1, autoAccept: true });
    expect((await apply(t, alice, program.id)).json().status).toBe('accepted');
    expect((await apply(t, bob, program.id)).json().status).toBe('waitlisted');
    await readAll(bob);
    expect((await t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/withdraw`, cookie: alice.cookie })).statusCode).toBe(200);
    const promoted = (await inbox(bob)).items[0]!;
    expect(promoted).toMatchObject({ kind: 'beta_decision', data: { status: 'accepted' } });
    // Told by the program, not by the person who left.
    expect(promoted.actorName).toBeNull();
  });

  it('never tells a non-participant about a feedback-area post, even when mentioned', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 1 });
    const applicationId = (await apply(t, alice, program.id)).json().id as number;
    await decide(t, pm, program.id, [applicationId], 'accept');
    await t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/status`, cookie: pm.cookie, body: { status: 'running' } });
    await readAll(carol);
    await readAll(ops);
    const created = await t.request({
      method: 'POST',
      url: `/api/boards/${program.feedbackBoard.slug}/topics`,
      cookie: alice.cookie,
      body: { title: 'Feedback', body: `Secret: @${carol.handle} @${ops.handle}` },
    });
    expect(created.statusCode).toBe(201);
    expect((await inbox(carol)).unreadCount).toBe(0);
    expect((await inbox(ops)).items[0]).toMatchObject({ kind: 'mention', title: 'Feedback' });
  });

  it('announces a release note to board watchers when published, and a scheduled one once it is due', async () => {
    await t.request({ method: 'PUT', url: '/api/boards/release-notes/watch', cookie: carol.cookie, body: { level: 'watching' } });
    await readAll(carol);
    const note = { title: 'Townhall 2.4', version: '2.4.0', introduction: 'New', scenarios: 'All', precautions: 'None' };
    const now = await t.request({ method: 'POST', url: '/api/boards/release-notes/release-notes', cookie: pm.cookie, body: { ...note, publish: 'now' } });
    expect(now.statusCode).toBe(201);
    expect((await inbox(carol)).items[0]).toMatchObject({ kind: 'release_note', title: 'Townhall 2.4', path: `/release-notes/${now.json().id}` });

    await readAll(carol);
    const publishAt = new Date(Date.now() + 3_600_000).toISOString();
    const later = await t.request({
      method: 'POST',
      url: '/api/boards/release-notes/release-notes',
      cookie: pm.cookie,
      body: { ...note, title: 'Townhall 2.5', version: '2.5.0', publish: 'at', publishAt },
    });
    expect(later.statusCode).toBe(201);
    await t.app.notifier.announceReleaseNotes();
    expect((await inbox(carol)).unreadCount).toBe(0);
    // The scheduled time passes.
    await t.db.update(topics).set({ publishedAt: new Date(Date.now() - 1000) }).where(eq(topics.id, later.json().id));
    await t.app.notifier.announceReleaseNotes();
    await t.app.notifier.announceReleaseNotes();
    const { items, unreadCount } = await inbox(carol);
    expect(unreadCount).toBe(1);
    expect(items[0]).toMatchObject({ kind: 'release_note', title: 'Townhall 2.5' });
  });

  it('links a mention in a release-note comment, and a comment on a watched note, to the comment', async () => {
    const note = { title: 'Townhall 2.6', version: '2.6.0', introduction: 'New', scenarios: 'All', precautions: 'None', publish: 'now' };
    const created = await t.request({ method: 'POST', url: '/api/boards/release-notes/release-notes', cookie: pm.cookie, body: note });
    expect(created.statusCode, created.body).toBe(201);
    const noteId = created.json().id as number;
    await reply(bob, noteId, 'Does 2.6 fix exports?');
    await readAll(alice);
    await readAll(bob);
    const mention = await reply(carol, noteId, `@${alice.handle} look at this`);
    const path = `/release-notes/${noteId}?near=${mention}#post-${mention}`;
    expect((await inbox(alice)).items[0]).toMatchObject({ kind: 'mention', path });
    // Bob commented before, so he watches the note and hears about the next comment.
    expect((await inbox(bob)).items[0]).toMatchObject({ kind: 'topic_reply', path });
  });
});

describe('live notifications', () => {
  let url: string;
  beforeAll(async () => {
    url = await listenForSockets(t.app);
  });

  it('pushes a new notification to its recipient only', async () => {
    const { socket: aliceSocket } = await subscribedSocket(url, ['notifications'], { cookie: alice.cookie });
    await aliceSocket.next('subscribed');
    const { socket: bobSocket } = await subscribedSocket(url, ['notifications'], { cookie: bob.cookie });
    await bobSocket.next('subscribed');
    const topicId = await ask(alice);
    await reply(ops, topicId);
    const event = await aliceSocket.next('event');
    expect(event).toMatchObject({ channel: 'notifications', kind: 'notification.created' });
    const [row] = await t.db.select().from(notifications).where(eq(notifications.id, event.payload.notificationId as number));
    expect(row!.userId).toBe(alice.id);
    expect(bobSocket.events()).toEqual([]);
    await Promise.all([aliceSocket.close(), bobSocket.close()]);
  });

  it('refuses the notifications channel to guests', async () => {
    const { socket } = await subscribedSocket(url, ['notifications']);
    expect(await socket.next('error')).toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    await socket.close();
  });
});

describe('notification e-mail', () => {
  it('makes e-mail due per preference: after the delay for "immediately", none for "daily" or "never"', async () => {
    const prefs = await t.request({ method: 'GET', url: '/api/notifications/preferences', cookie: carol.cookie });
    expect(prefs.json()).toEqual({ emailNotifications: 'immediately', handle: carol.handle, emailDelayMinutes: 10 });
    const topicId = await ask(carol, 'Mail me');
    await reply(ops, topicId);
    const [notification] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, carol.id), eq(notifications.topicId, topicId)));
    expect(notification!.emailAfter!.getTime() - notification!.createdAt.getTime()).toBe(10 * 60_000);
    // The e-mail itself is written when due (mail-delivery.test.ts).
    expect(await t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, carol.email))).toEqual([]);

    const set = await t.request({ method: 'PUT', url: '/api/notifications/preferences', cookie: bob.cookie, body: { emailNotifications: 'never' } });
    expect(set.json()).toMatchObject({ emailNotifications: 'never' });
    const bobsTopic = await ask(bob, 'No mail please');
    await reply(ops, bobsTopic);
    const [bobs] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, bob.id), eq(notifications.topicId, bobsTopic)));
    expect(bobs).toMatchObject({ title: 'No mail please', emailAfter: null });

    const bad = await t.request({ method: 'PUT', url: '/api/notifications/preferences', cookie: bob.cookie, body: { emailNotifications: 'hourly' } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('when notifications are written', () => {
  const askersNotifications = (userId: number, postId: number) =>
    t.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.postId, postId)));

  it("lets a reply's writer read their watch at once, and tells the asker once the notifier settles", async () => {
    const topicId = await ask(alice, 'Answered before told');
    // Straight through the app: t.request would wait for the notifier.
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/topics/${topicId}/posts`,
      headers: { host: testHost, origin: testOrigin, cookie: bob.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ body: 'Same here.' }),
    });
    expect(response.statusCode, response.body).toBe(201);
    const postId = response.json().id as number;
    // Their next read shows the watch (the next test shows it is the reply's own statement that writes it).
    const watch = await t.request({ method: 'GET', url: `/api/topics/${topicId}/watch`, cookie: bob.cookie });
    expect(watch.json()).toMatchObject({ level: 'watching' });
    await t.app.notifier.settled();
    expect(await askersNotifications(alice.id, postId)).toHaveLength(1);
  });

  it('watches the topic for whoever writes in it, in the statements that write the posts', async () => {
    const [qa] = await t.db.select({ id: boards.id }).from(boards).where(eq(boards.slug, 'qa'));
    const body = { markdown: 'Me too.', html: '<p>Me too.</p>', rendererVersion };
    // The repository alone, no notifier: alone and batched (as on a server), staff and customers.
    for (const batchReplies of [false, true]) {
      const repository = createTopicsRepository(t.db, { batchReplies });
      const { topicId } = await repository.createTopic({
        boardId: qa!.id,
        authorId: alice.id,
        authorIsStaff: false,
        title: `Watched by writing${batchReplies ? ', batched' : ''}`,
        body,
        idempotencyKey: null,
        startsSlaClock: true,
        now: new Date(),
      });
      // Carol muted it before writing: her choice stays.
      await t.db.insert(topicWatches).values({ userId: carol.id, topicId, level: 'muted' });
      await Promise.all(
        [bob, carol, ops].map((person) =>
          repository.createReply({ topicId, authorId: person.id, authorIsStaff: person === ops, authorIsAsker: false, body, idempotencyKey: null, now: new Date() }),
        ),
      );
      const watches = await t.db.select().from(topicWatches).where(eq(topicWatches.topicId, topicId));
      const names = new Map([[alice.id, 'alice'], [bob.id, 'bob'], [carol.id, 'carol'], [ops.id, 'ops']]);
      const levels = Object.fromEntries(watches.map((watch) => [names.get(watch.userId), watch.level]));
      expect(levels).toEqual({ alice: 'watching', bob: 'watching', carol: 'muted', ops: 'watching' });
    }
  });

  it('queues the telling without waiting for it', async () => {
    const topicId = await ask(alice, 'Queued');
    const postId = await reply(bob, topicId);
    // The reply's own telling is written first, so forgetting it cannot race it.
    await t.app.notifier.settled();
    await t.db.delete(notifications).where(eq(notifications.postId, postId));
    await t.app.notifier.queueNewPost({ topicId, postId, authorId: bob.id, isOpeningPost: false, bodyMarkdown: 'Same here.' });
    // Resolved before the batch that tells about it has even started (it starts a turn later).
    expect(await askersNotifications(alice.id, postId)).toHaveLength(0);
    await t.app.notifier.settled();
    expect(await askersNotifications(alice.id, postId)).toHaveLength(1);
  });

  it('makes posting wait for the telling once too many posts wait to be told', async () => {
    const small = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } }, { maxQueuedPosts: 1 });
    try {
      const [asker, writer] = await Promise.all([small.signedIn('customer'), small.signedIn('customer')]);
      const topicId = await askOn(small, asker!, 'qa', 'Backpressure');
      const postIds = [await replyTo(small, writer!, topicId, 'One.'), await replyTo(small, writer!, topicId, 'Two.')];
      await small.app.notifier.settled();
      await small.db.delete(notifications).where(eq(notifications.topicId, topicId));
      const told = async (postId: number) => (await small.db.select().from(notifications).where(eq(notifications.postId, postId))).length;
      const queue = (postId: number) => small.app.notifier.queueNewPost({ topicId, postId, authorId: writer!.id, isOpeningPost: false, bodyMarkdown: 'Again.' });
      // The first post waits alone: its caller goes on at once. The second is one too many.
      const first = queue(postIds[0]!);
      const second = queue(postIds[1]!);
      await first;
      expect(await told(postIds[0]!)).toBe(0);
      await second;
      expect([await told(postIds[0]!), await told(postIds[1]!)]).toEqual([1, 1]);
    } finally {
      await small.close();
    }
  });
  it('tells about what was queued before the app closes its database', async () => {
    const closing = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
    const [asker, writer] = await Promise.all([closing.signedIn('customer'), closing.signedIn('customer')]);
    const topicId = await askOn(closing, asker!, 'qa', 'Told before closing');
    const postId = await replyTo(closing, writer!, topicId, 'Last words.');
    await closing.app.notifier.settled();
    await closing.db.delete(notifications).where(eq(notifications.postId, postId));
    // What is written when the app closes its database (a test database is dropped on close).
    const connection = closing.app.dbConnection;
    const closeDatabase = connection.close;
    let toldAtClose: number | null = null;
    connection.close = async () => {
      toldAtClose = (await connection.db.select().from(notifications).where(eq(notifications.postId, postId))).length;
      await closeDatabase();
    };
    await closing.app.notifier.queueNewPost({ topicId, postId, authorId: writer!.id, isOpeningPost: false, bodyMarkdown: 'Last words.' });
    await closing.close();
    expect(toldAtClose).toBe(1);
  });
});
