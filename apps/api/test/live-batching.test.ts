import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { liveEvents } from '@townhall/db';
import { createTestApp, type TestApp } from './test-app.ts';
import { listenForSockets, subscribedSocket } from './live-helpers.ts';

// Live events published at the same time share one insert-and-NOTIFY statement.

let t: TestApp;
let url: string;
let topicId: number;

beforeAll(async () => {
  t = await createTestApp();
  url = await listenForSockets(t.app);
  const asker = await t.signedIn('customer', { tier: 'head' });
  const response = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title: 'Live batches', body: 'Question' } });
  expect(response.statusCode).toBe(201);
  topicId = response.json().id as number;
});
afterAll(() => t.close());

const channel = () => `topic:${topicId}`;
const event = (status: string) => ({ channel: channel(), kind: 'topic.status', payload: { topicId, status } });
const storedStatuses = async () =>
  (await t.db.select({ payload: liveEvents.payload }).from(liveEvents).where(eq(liveEvents.channel, channel())).orderBy(asc(liveEvents.id))).map(
    (row) => row.payload.status,
  );

/** Lets a batch started in this turn of the event loop begin. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('publishing live events at the same time', () => {
  it('writes calls that come while one is written in one statement, in the order of the calls and of their events', async () => {
    const { socket } = await subscribedSocket(url, [channel()]);
    await socket.next('subscribed');
    const before = await storedStatuses();
    const insert = vi.spyOn(t.app.live.repository, 'insertAndNotify');
    const large = 'x'.repeat(9000);
    const calls = Array.from({ length: 10 }, (_, call) => [`${call}.a`, call === 4 ? large : `${call}.b`, `${call}.c`]);
    // Each caller finds its own events stored by the time its promise resolves.
    const storedWhenDone: boolean[] = [];
    const publish = (statuses: string[]) =>
      t.app.live.publishMany(statuses.map(event)).then(async () => {
        const stored = await storedStatuses();
        storedWhenDone.push(statuses.every((status) => stored.includes(status)));
      });
    // The first call in a turn of its own, so that its batch is being written when the others come.
    const first = publish(calls[0]!);
    await nextTurn();
    await Promise.all([first, ...calls.slice(1).map(publish)]);
    const statements = insert.mock.calls.map(([events]) => events.length);
    insert.mockRestore();
    expect(storedWhenDone).toEqual(calls.map(() => true));
    // The first call alone; the nine that came meanwhile together.
    expect(statements).toEqual([3, 27]);
    expect((await storedStatuses()).slice(before.length)).toEqual(calls.flat());
    // Every event is NOTIFY'd on its own: the large one by its id, and all arrive in order.
    const received = [];
    for (let n = 0; n < 30; n++) received.push((await socket.next('event')).payload.status);
    expect(received).toEqual(calls.flat());
    await socket.close();
  });

  it('keeps the other calls of a batch when one of them cannot be stored, and never throws', async () => {
    const before = await storedStatuses();
    const insert = vi.spyOn(t.app.live.repository, 'insertAndNotify');
    // PostgreSQL text cannot hold a NUL character: the whole batch's insert fails.
    const first = t.app.live.publishMany([event('first')]);
    await nextTurn();
    const results = await Promise.allSettled([
      first,
      t.app.live.publishMany([event('second.a'), event('second.b')]),
      t.app.live.publishMany([event('broken \u0000')]),
      t.app.live.publishMany([event('third')]),
    ]);
    const statements = insert.mock.calls.map(([events]) => events.length);
    insert.mockRestore();
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    // The batch of three failed, then each of its calls ran alone, in order.
    expect(statements).toEqual([1, 4, 2, 1, 1]);
    expect((await storedStatuses()).slice(before.length)).toEqual(['first', 'second.a', 'second.b', 'third']);
  });

  it('publishes nothing, and writes nothing, for no events', async () => {
    const insert = vi.spyOn(t.app.live.repository, 'insertAndNotify');
    await t.app.live.publishMany([]);
    const statements = insert.mock.calls.length;
    insert.mockRestore();
    expect(statements).toBe(0);
  });
});
