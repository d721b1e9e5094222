import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { betaApplications, betaPrograms, liveEvents, posts, searchDocuments, topics } from '@townhall/db';
import { apply, recruitingProgram } from './beta-helpers.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

// Races at the sizes issue 8 names, on whichever database the run uses (PGlite or PostgreSQL).

let t: TestApp;
let asker: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 100_000, postsPerMinute: 100_000 } });
  asker = await t.signedIn('customer', { organization: 'Race Co', tier: 'head' });
});
afterAll(() => t.close());

/** The `post.created` live events of a topic, by post number. */
async function postCreatedEvents(topicId: number) {
  const rows = await t.db
    .select({ payload: liveEvents.payload })
    .from(liveEvents)
    .where(and(eq(liveEvents.channel, `topic:${topicId}`), eq(liveEvents.kind, 'post.created')));
  return rows.map((row) => row.payload as { topicId: number; postId: number; postNumber: number }).sort((a, b) => a.postNumber - b.postNumber);
}

describe('races', () => {
  it('keeps the reply count exact and post numbers gapless under 1,000 concurrent replies to one topic', async () => {
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title: 'Hot topic', body: 'Everyone answers at once' } });
    const topicId = topic.json().id as number;
    // Other customers write in one statement; staff and the asker also move the SLA clock, in a
    // transaction: both ways at once.
    const customers = await Promise.all(Array.from({ length: 8 }, () => t.signedIn('customer', { organization: 'Race Co', tier: 'head' })));
    const writers = [...customers, await t.signedIn('ops'), asker];
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: writers[i % writers.length]!.cookie, body: { body: `Reply ${i}` } }),
      ),
    );
    expect(responses.filter((response) => response.statusCode !== 201).map((response) => response.body)).toEqual([]);
    const [row] = await t.db.select({ replyCount: topics.replyCount }).from(topics).where(eq(topics.id, topicId));
    expect(row!.replyCount).toBe(1000);
    const numbers = (await t.db.select({ n: posts.postNumber }).from(posts).where(eq(posts.topicId, topicId)).orderBy(asc(posts.postNumber))).map((p) => p.n);
    expect(numbers).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1));
    // One live event per reply, naming its post.
    const events = await postCreatedEvents(topicId);
    expect(events.map((event) => event.postNumber)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
    const created = responses.map((response) => response.json() as { id: number; postNumber: number });
    const byNumber = new Map(created.map((post) => [post.postNumber, post.id]));
    expect(events.every((event) => event.topicId === topicId && byNumber.get(event.postNumber) === event.postId)).toBe(true);
  }, 180_000);

  it('accepts exactly 10 of 200 simultaneous applications for 10 seats', async () => {
    const pm = await t.signedIn('pm');
    const program = await recruitingProgram(t, pm, { seatCapacity: 10, autoAccept: true });
    const applicants: Person[] = [];
    for (let i = 0; i < 200; i += 1) applicants.push(await t.signedIn('customer', { organization: 'Race Co', tier: 'head' }));
    const responses = await Promise.all(applicants.map((person) => apply(t, person, program.id)));
    expect(responses.every((response) => response.statusCode === 201)).toBe(true);
    const rows = await t.db.select().from(betaApplications).where(eq(betaApplications.programId, program.id));
    expect(rows.filter((application) => application.status === 'accepted')).toHaveLength(10);
    expect(rows.filter((application) => application.status === 'waitlisted')).toHaveLength(190);
    const [stored] = await t.db.select({ seatsTaken: betaPrograms.seatsTaken }).from(betaPrograms).where(eq(betaPrograms.topicId, program.id));
    expect(stored!.seatsTaken).toBe(10);
  }, 180_000);

  it('writes one post for 50 concurrent identical requests with one idempotency key', async () => {
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title: 'Double clicks', body: 'Retry storm' } });
    const topicId = topic.json().id as number;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: asker.cookie, body: { body: 'Only once' }, headers: { 'idempotency-key': 'race-key-0001' } }),
      ),
    );
    expect(responses.every((response) => response.statusCode === 200 || response.statusCode === 201)).toBe(true);
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    const replies = await t.db.select().from(posts).where(eq(posts.topicId, topicId));
    expect(replies.filter((post) => post.bodyMarkdown === 'Only once')).toHaveLength(1);
    const [row] = await t.db.select({ replyCount: topics.replyCount }).from(topics).where(eq(topics.id, topicId));
    expect(row!.replyCount).toBe(1);
    expect(await postCreatedEvents(topicId)).toEqual([{ topicId, postId: responses[0]!.json().id, postNumber: 2 }]);
  });

  it('writes one post for concurrent identical replies by a customer, whose replies are written in batches', async () => {
    const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title: 'Batched double clicks', body: 'Retry storm' } });
    const topicId = topic.json().id as number;
    const customer = await t.signedIn('customer', { organization: 'Race Co', tier: 'head' });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        // Other replies in the same batches: the failed batch runs again reply by reply.
        i % 2 === 0
          ? t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: customer.cookie, body: { body: 'Only once' }, headers: { 'idempotency-key': 'race-key-0002' } })
          : t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: customer.cookie, body: { body: `Other ${i}` } }),
      ),
    );
    expect(responses.map((response) => response.statusCode).filter((status) => status !== 200 && status !== 201)).toEqual([]);
    const keyed = responses.filter((_, i) => i % 2 === 0);
    expect(keyed.filter((response) => response.statusCode === 201)).toHaveLength(1);
    expect(new Set(keyed.map((response) => response.json().id)).size).toBe(1);
    const replies = await t.db.select().from(posts).where(eq(posts.topicId, topicId));
    expect(replies.filter((post) => post.bodyMarkdown === 'Only once')).toHaveLength(1);
    const [row] = await t.db.select({ replyCount: topics.replyCount }).from(topics).where(eq(topics.id, topicId));
    expect(row!.replyCount).toBe(26);
    // One live event per post written, none for the retries that wrote nothing.
    expect((await postCreatedEvents(topicId)).map((event) => event.postNumber)).toEqual(Array.from({ length: 26 }, (_, i) => i + 2));
  });

  it('answers each of concurrent replies to several topics on its own: numbered per topic, refused on a locked or deleted one', async () => {
    const opened = await Promise.all(
      ['Open one', 'Open two', 'Locked', 'Deleted'].map((title) =>
        t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title, body: `About ${title}` } }),
      ),
    );
    const [first, second, locked, deleted] = opened.map((response) => response.json().id as number) as [number, number, number, number];
    await t.db.update(topics).set({ lockedAt: new Date() }).where(eq(topics.id, locked));
    await t.db.update(topics).set({ deletedAt: new Date() }).where(eq(topics.id, deleted));
    const customer = await t.signedIn('customer', { organization: 'Race Co', tier: 'head' });
    const targets = Array.from({ length: 60 }, (_, i) => [first, second, locked, deleted, first][i % 5]!);
    const responses = await Promise.all(
      targets.map((topicId, i) => t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: customer.cookie, body: { body: `Batched reply ${i}` } })),
    );
    const statusesFor = (topicId: number) => [...new Set(responses.filter((_, i) => targets[i] === topicId).map((response) => response.statusCode))];
    expect(statusesFor(first)).toEqual([201]);
    expect(statusesFor(second)).toEqual([201]);
    expect(statusesFor(locked)).toEqual([409]);
    expect(statusesFor(deleted)).toEqual([404]);
    for (const [topicId, expected] of [[first, 24], [second, 12], [locked, 0]] as const) {
      const [row] = await t.db.select({ replyCount: topics.replyCount }).from(topics).where(eq(topics.id, topicId));
      expect(row!.replyCount).toBe(expected);
      const numbers = (await t.db.select({ n: posts.postNumber }).from(posts).where(eq(posts.topicId, topicId)).orderBy(asc(posts.postNumber))).map((p) => p.n);
      expect(numbers).toEqual(Array.from({ length: expected + 1 }, (_, i) => i + 1));
      expect((await postCreatedEvents(topicId)).map((event) => event.postNumber)).toEqual(Array.from({ length: expected }, (_, i) => i + 2));
    }
    expect(await postCreatedEvents(deleted)).toEqual([]);
    // Each reply answered with its own post, searchable at once.
    const created = responses.filter((response) => response.statusCode === 201).map((response) => response.json() as { id: number; body: string });
    expect(new Set(created.map((post) => post.id)).size).toBe(36);
    const documents = await t.db.select({ postId: searchDocuments.postId, body: searchDocuments.body }).from(searchDocuments).where(eq(searchDocuments.kind, 'reply'));
    const bodyByPost = new Map(documents.map((document) => [document.postId, document.body]));
    for (const [i, response] of responses.entries()) {
      if (response.statusCode === 201) expect(bodyByPost.get(response.json().id)).toBe(`Batched reply ${i}`);
    }
  });
});
