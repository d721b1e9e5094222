import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { liveEvents, notifications, topicWatches } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { apply, decide, recruitingProgram } from './beta-helpers.ts';
import { countStatements } from './statement-counter.ts';
import { askOn, replyTo } from './posting-helpers.ts';

// Replies that arrive together are notified in batches: one query per need for the whole batch.
// Each test checks the outcome against the same posts notified one at a time.

let t: TestApp;
let people: Record<'a1' | 'a2' | 'a3' | 'c1' | 'w' | 'm' | 'b' | 'ops' | 'pm', Person>;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  const [a1, a2, a3, c1, w, m, b, ops, pm] = await Promise.all([
    t.signedIn('customer', { organization: 'Acme', tier: 'head' }),
    t.signedIn('customer', { organization: 'Tinyco', tier: 'tail' }),
    t.signedIn('customer', { organization: 'Midco', tier: 'waist' }),
    t.signedIn('customer', { organization: 'Bigco', tier: 'head' }),
    t.signedIn('customer', { organization: 'Smallco', tier: 'tail' }),
    t.signedIn('customer', { organization: 'Mutedco', tier: 'waist' }),
    t.signedIn('customer', { organization: 'Boardco', tier: 'head' }),
    t.signedIn('ops'),
    t.signedIn('pm'),
  ]);
  people = { a1: a1!, a2: a2!, a3: a3!, c1: c1!, w: w!, m: m!, b: b!, ops: ops!, pm: pm! };
  // b hears about every new question.
  const watched = await t.request({ method: 'PUT', url: '/api/boards/qa/watch', cookie: b.cookie, body: { level: 'watching' } });
  expect(watched.statusCode).toBe(200);
});
afterAll(() => t.close());

const labelOf = (userId: number | null) => (userId === null ? null : (Object.entries(people).find(([, person]) => person.id === userId)?.[0] ?? `user ${userId}`));

const ask = (person: Person, board: string, title: string, body?: string) => askOn(t, person, board, title, body);
const reply = (person: Person, topicId: number, body?: string) => replyTo(t, person, topicId, body);

async function watch(person: Person, topicId: number, level: 'watching' | 'muted') {
  const response = await t.request({ method: 'PUT', url: `/api/topics/${topicId}/watch`, cookie: person.cookie, body: { level } });
  expect(response.statusCode).toBe(200);
}

type Action =
  | { kind: 'reply'; who: keyof typeof people; topic: string; body: string }
  | { kind: 'ask'; who: keyof typeof people; board: 'qa'; title: string; body: string };

/**
 * Topics where people already took part, watch or muted, one on a feedback area only its
 * participant (a1) may read. The posts of `actions` then notify the same in any order: every
 * writer already watches the topic, except one per topic where nobody else writes.
 */
async function world(name: string) {
  const { a1, a2, a3, c1, w, m, ops, pm } = people;
  const topics: Record<string, number> = {
    T1: await ask(a1, 'qa', `${name}: export fails`),
    T2: await ask(a2, 'qa', `${name}: import fails`),
    T3: await ask(a3, 'qa', `${name}: login fails`),
  };
  const program = await recruitingProgram(t, pm, { seatCapacity: 1 });
  const applicationId = (await apply(t, a1, program.id)).json().id as number;
  await decide(t, pm, program.id, [applicationId], 'accept');
  await t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/status`, cookie: pm.cookie, body: { status: 'running' } });
  topics.TF = await ask(a1, program.feedbackBoard.slug, `${name}: beta feedback`);
  await reply(ops, topics.T1!, 'Looking into it.');
  await reply(c1, topics.T1!, 'Same here.');
  await reply(m, topics.T1!, 'And here.');
  await watch(m, topics.T1!, 'muted');
  await watch(w, topics.T2!, 'watching');
  await reply(ops, topics.T2!, 'Which file?');

  const actions: Action[] = [
    { kind: 'reply', who: 'ops', topic: 'T1', body: `Try again, @${w.handle} and @${m.handle} can confirm.` },
    { kind: 'reply', who: 'pm', topic: 'T3', body: `Seen it, cc @${a2.handle}.` },
    { kind: 'reply', who: 'c1', topic: 'T1', body: `Still broken, @${a2.handle}?` },
    { kind: 'reply', who: 'ops', topic: 'T2', body: `Fixed, @${c1.handle} too.` },
    { kind: 'reply', who: 'a2', topic: 'T2', body: 'Thanks!' },
    { kind: 'ask', who: 'pm', board: 'qa', title: `${name}: what is new`, body: `Ask @${c1.handle}.` },
    { kind: 'ask', who: 'a3', board: 'qa', title: `${name}: another question`, body: 'Anyone?' },
    { kind: 'reply', who: 'ops', topic: 'TF', body: `Noted, @${a1.handle}; not for @${c1.handle}.` },
  ];
  return { topics, actions };
}

type Made = { action: Action; topicId: number; postId: number | null };

/** Runs `actions` over HTTP, together or one after another; returns each post's topic and id. */
async function post(topics: Record<string, number>, actions: Action[], together: boolean): Promise<Made[]> {
  const run = async (action: Action): Promise<Made> => {
    const person = people[action.who];
    if (action.kind === 'ask') return { action, topicId: await ask(person, action.board, action.title, action.body), postId: null };
    const topicId = topics[action.topic]!;
    return { action, topicId, postId: await reply(person, topicId, action.body) };
  };
  if (together) return Promise.all(actions.map(run));
  const made: Made[] = [];
  for (const action of actions) made.push(await run(action));
  return made;
}

/** What `made` notified, in words (who, why, about which post, by whom), with when each one's e-mail is due and its live events. */
async function told(made: Made[]) {
  const postIds = made.flatMap((m) => (m.postId === null ? [] : [m.postId]));
  const openedIds = made.filter((m) => m.postId === null).map((m) => m.topicId);
  const rows = await t.db
    .select()
    .from(notifications)
    .where(or(inArray(notifications.postId, postIds), and(isNull(notifications.postId), inArray(notifications.topicId, openedIds))));
  const events = await t.db.select().from(liveEvents).where(eq(liveEvents.kind, 'notification.created'));
  const actionOf = (row: (typeof rows)[number]) =>
    made.findIndex((m) => (row.postId === null ? m.postId === null && m.topicId === row.topicId : m.postId === row.postId));
  return rows
    .map((row) => {
      const pushed = events.filter((event) => event.payload.notificationId === row.id);
      return {
        to: labelOf(row.userId),
        kind: row.kind,
        action: actionOf(row),
        by: labelOf(row.actorId),
        title: row.title,
        dedupeKey: row.dedupeKey,
        emailDelay: row.emailAfter === null ? null : row.emailAfter.getTime() - row.createdAt.getTime(),
        pushedTo: pushed.map((event) => event.channel),
        row,
      };
    })
    .sort((x, y) => x.action - y.action || x.to!.localeCompare(y.to!));
}

const inWords = (list: Awaited<ReturnType<typeof told>>) => list.map(({ row: _row, ...rest }) => rest);

describe('notifications of posts made together', () => {
  it('tells everyone exactly what posting one by one tells them, over HTTP', async () => {
    const one = await world('one by one');
    const together = await world('together');
    const expected = await told(await post(one.topics, one.actions, false));
    const actual = await told(await post(together.topics, together.actions, true));
    // The two worlds differ in ids and in the names in titles; nothing else may differ.
    const strip = (list: Awaited<ReturnType<typeof told>>) =>
      JSON.parse(
        JSON.stringify(inWords(list))
          .replace(/(one by one|together): /g, '')
          .replace(/\/t\/\d+(\?near=\d+#post-\d+)?/g, '/t/…')
          .replace(/(post|topic):\d+/g, '$1:…'),
      ) as unknown;
    expect(strip(actual)).toEqual(strip(expected));

    // And what that is, spelled out for a few people.
    const to = (label: string) => actual.filter((n) => n.to === label).map((n) => `${n.action} ${n.kind}`);
    expect(to('w')).toEqual(['0 mention', '3 topic_reply', '4 topic_reply']);
    // Muted in T1: not even a mention gets through.
    expect(to('m')).toEqual([]);
    // A mention in the feedback area reaches the participant, never c1.
    expect(to('c1')).toEqual(['0 topic_reply', '3 mention', '5 mention']);
    expect(to('a1')).toEqual(['0 question_answered', '2 question_answered', '7 mention']);
    expect(to('b')).toEqual(['5 new_topic', '6 new_topic']);
    expect(to('a2')).toEqual(['1 mention', '2 mention', '3 question_answered']);
    expect(actual.every((n) => n.emailDelay === 10 * 60_000 && n.pushedTo.length === 1 && n.pushedTo[0] === `user:${people[n.to as keyof typeof people].id}`)).toBe(true);

    // Writing watched the topics for pm and ops; m stays muted.
    const levels = await t.db.select().from(topicWatches).where(inArray(topicWatches.topicId, Object.values(together.topics)));
    const level = (who: keyof typeof people, topic: string) => levels.find((row) => row.userId === people[who].id && row.topicId === together.topics[topic])?.level;
    expect([level('pm', 'T3'), level('ops', 'TF'), level('m', 'T1')]).toEqual(['watching', 'watching', 'muted']);
  });

  it('tells the same again when the notifier runs the posts in one batch, with one query per need', async () => {
    const { topics, actions } = await world('batch');
    const made = await post(topics, actions, false);
    const first = await told(made);
    expect(first.length).toBeGreaterThan(15);
    // Forget what was told, then notify every post again, all at once.
    await t.db.delete(notifications).where(inArray(notifications.id, first.map((n) => n.row.id)));
    const statements = countStatements(t.app);
    await Promise.all(
      made.map((m) =>
        t.app.notifier.newPost({
          topicId: m.topicId,
          postId: m.postId,
          authorId: people[m.action.who].id,
          isOpeningPost: m.postId === null,
          bodyMarkdown: m.action.body,
        }),
      ),
    );
    const texts = statements.texts();
    statements.stop();
    const again = await told(made);
    expect(inWords(again)).toEqual(inWords(first));
    expect(again.every((n) => !first.some((f) => f.row.id === n.row.id))).toBe(true);

    // The eight posts, told in the same turn of the event loop, run as one batch: topic facts,
    // watches, mentioned handles, read rights (the qa board, the feedback area), notifications
    // with when their e-mail is due, and live events. One by one, that is about 6 statements a post.
    expect(texts.length, texts.join('\n')).toBeLessThanOrEqual(7);
    const inserts = texts.filter((text) => /insert into "notifications"/i.test(text));
    expect(inserts).toHaveLength(1);
    expect(texts.filter((text) => /mail_outbox/i.test(text)), 'e-mails are written when due, not with their notifications').toEqual([]);
    // Both derived writes commit without waiting for the disk on a server (async-commit.test.ts
    // tests the setting): each statement must join it, or PostgreSQL never evaluates it.
    const liveInserts = texts.filter((text) => /insert into "live_events"/i.test(text));
    expect(liveInserts.length).toBeGreaterThan(0);
    for (const text of [...inserts, ...liveInserts]) expect(text).toMatch(/cross join async_commit/i);
  });

  it('tells nobody twice when the posts are notified again, new topics included', async () => {
    const { topics, actions } = await world('twice');
    const made = await post(topics, actions, false);
    const first = await told(made);
    expect(first.some((n) => n.kind === 'new_topic')).toBe(true);
    // As a failed batch retried post by post would: every post, opening posts too, once more.
    await Promise.all(
      made.map((m) =>
        t.app.notifier.newPost({ topicId: m.topicId, postId: m.postId, authorId: people[m.action.who].id, isOpeningPost: m.postId === null, bodyMarkdown: m.action.body }),
      ),
    );
    expect((await told(made)).map((n) => n.row.id)).toEqual(first.map((n) => n.row.id));
  });

  it('tells writers in one batch about each other, and not once they stopped watching before it ran', async () => {
    const { a3, c1, w } = people;
    const topicId = await ask(a3, 'qa', 'Order within a batch');
    const opener = await reply(a3, topicId, 'More details.');
    // One by one: each post is told about before the next is written.
    const mine = await reply(c1, topicId, 'Me too.');
    await t.app.notifier.settled();
    const theirs = await reply(w, topicId, 'Me three.');
    await t.app.notifier.settled();
    const posts = [
      { author: c1, postId: mine },
      { author: w, postId: theirs },
    ];
    const toldAbout = async () => {
      const rows = await t.db.select().from(notifications).where(inArray(notifications.postId, [mine, theirs]));
      const of = (person: Person) => rows.filter((n) => n.userId === person.id).map((n) => `${n.postId === mine ? 'c1' : 'w'}'s ${n.kind}`).sort();
      return { a3: of(a3), c1: of(c1), w: of(w) };
    };
    // One by one: c1 started watching with their post, so heard about w's; w wrote after c1's was told.
    expect(await toldAbout()).toEqual({ a3: ["c1's question_answered", "w's question_answered"], c1: ["w's topic_reply"], w: [] });
    const forget = () => t.db.delete(notifications).where(inArray(notifications.postId, [mine, theirs]));
    // The first call runs alone; both posts come meanwhile and run as one batch.
    const tellAgain = () =>
      Promise.all([
        t.app.notifier.newPost({ topicId, postId: opener, authorId: a3.id, isOpeningPost: false, bodyMarkdown: 'More details.' }),
        ...posts.map(({ author, postId }) => t.app.notifier.newPost({ topicId, postId, authorId: author.id, isOpeningPost: false, bodyMarkdown: 'Me.' })),
      ]);
    await forget();
    await tellAgain();
    // By the time a batch runs, each writer's post has watched the topic for them: people who
    // wrote at the same moment (neither saw the other's post) hear about each other's.
    expect(await toldAbout()).toEqual({ a3: ["c1's question_answered", "w's question_answered"], c1: ["w's topic_reply"], w: ["c1's topic_reply"] });

    // c1 returns the topic to the default after posting, before the notifier gets to the batch:
    // nothing watches it again behind their back, and they hear nothing more.
    await forget();
    const unwatched = await t.request({ method: 'PUT', url: `/api/topics/${topicId}/watch`, cookie: c1.cookie, body: { level: null } });
    expect(unwatched.statusCode).toBe(200);
    await tellAgain();
    expect(await toldAbout()).toEqual({ a3: ["c1's question_answered", "w's question_answered"], c1: [], w: ["c1's topic_reply"] });
    const watches = await t.db.select().from(topicWatches).where(and(eq(topicWatches.topicId, topicId), inArray(topicWatches.userId, [c1.id, w.id])));
    expect(watches.map((row) => [labelOf(row.userId), row.level])).toEqual([['w', 'watching']]);
  });

  it('still tells the rest of a batch when one post in it cannot be notified', async () => {
    const { topics, actions } = await world('poison');
    const made = await post(topics, actions, false);
    const first = await told(made);
    await t.db.delete(notifications).where(inArray(notifications.id, first.map((n) => n.row.id)));
    const inputs = made.map((m) => ({
      topicId: m.topicId,
      postId: m.postId,
      authorId: people[m.action.who].id,
      isOpeningPost: m.postId === null,
      bodyMarkdown: m.action.body,
    }));
    // A post that does not exist: its notifications break the batch's insert (foreign key).
    const poison = { ...inputs[2]!, postId: 2_000_000_000 };
    await expect(Promise.all([inputs[0]!, poison, ...inputs.slice(1)].map((input) => t.app.notifier.newPost(input)))).resolves.toBeDefined();
    const again = await told(made);
    expect(inWords(again)).toEqual(inWords(first));
    expect(await t.db.select().from(notifications).where(eq(notifications.postId, poison.postId))).toEqual([]);
    expect(again.every((n) => n.emailDelay === 10 * 60_000 && n.pushedTo.length === 1)).toBe(true);
  });
});
