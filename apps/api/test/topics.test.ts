import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards, postRevisions, posts, searchDocuments, topics } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { rendererVersion } from '../src/features/posts/render-markdown.ts';

let t: TestApp;
let alice: Person;
let bob: Person;
let ops: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  alice = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  bob = await t.signedIn('customer', { organization: 'TinyCo', tier: 'tail' });
  ops = await t.signedIn('ops');
});
afterAll(() => t.close());

const ask = (person: Person, body: unknown, headers: Record<string, string> = {}, board = 'qa') =>
  t.request({ method: 'POST', url: `/api/boards/${board}/topics`, cookie: person.cookie, body, headers });
const answer = (person: Person, topicId: number, body: unknown, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body, headers });
const getTopic = (topicId: number, person?: Person) =>
  t.request({ method: 'GET', url: `/api/topics/${topicId}`, cookie: person?.cookie });

describe('asking a question', () => {
  it('creates the topic with its opening post rendered from Markdown', async () => {
    const response = await ask(alice, { title: '  Export to CSV?  ', body: 'How do I **export**?\n\n- one\n- two' });
    expect(response.statusCode).toBe(201);
    const topic = response.json();
    expect(topic).toMatchObject({ title: 'Export to CSV?', status: 'open', replyCount: 0, board: { slug: 'qa', kind: 'qa' } });
    expect(topic.posts).toHaveLength(1);
    expect(topic.posts[0].bodyHtml).toContain('<strong>export</strong>');
    expect(topic.posts[0].bodyHtml).toContain('<li>one</li>');
    expect(topic.posts[0]).toMatchObject({ postNumber: 1, isOfficial: false, author: { id: alice.id, isStaff: false } });
  });

  it('stores the Markdown, the HTML, the renderer version and a first revision', async () => {
    const { id } = (await ask(alice, { title: 'Stored?', body: '_kept_' })).json();
    const [post] = await t.db.select().from(posts).where(eq(posts.topicId, id));
    expect(post).toMatchObject({ bodyMarkdown: '_kept_', bodyHtml: '<p><em>kept</em></p>\n', rendererVersion });
    const revisions = await t.db.select().from(postRevisions).where(eq(postRevisions.postId, post!.id));
    expect(revisions).toMatchObject([{ revision: 1, title: 'Stored?', bodyMarkdown: '_kept_', editorId: alice.id }]);
  });

  it('strips script from the body', async () => {
    const body = '<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[a](javascript:alert(1))';
    const { posts: [post] } = (await ask(alice, { title: 'XSS', body })).json();
    expect(post.bodyHtml).not.toMatch(/<script|onerror|href="javascript:/i);
    expect(post.bodyHtml).toContain('<img src="x" />');
  });

  it.each([
    [{ title: '', body: 'x' }, 'title'],
    [{ title: '   ', body: 'x' }, 'title'],
    [{ title: 'x'.repeat(201), body: 'x' }, 'title'],
    [{ title: 'Fine', body: '' }, 'body'],
    [{ title: 'Fine', body: ' \n ' }, 'body'],
    [{ title: 'Fine', body: 'x'.repeat(65_537) }, 'body'],
    [{ title: 'Fine' }, 'body'],
    [{ title: 'Fine', body: 'x', pinned: true }, 'pinned'],
    [{ title: 42, body: 'x' }, 'title'],
  ])('rejects %j naming the field, writing nothing', async (body, field) => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(topics);
    const response = await ask(alice, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(topics);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('accepts a body of exactly 64 KiB', async () => {
    expect((await ask(alice, { title: 'Long', body: 'y'.repeat(65_536) })).statusCode).toBe(201);
  });

  it('answers 404 for a board that does not exist', async () => {
    const response = await ask(alice, { title: 'Lost', body: 'x' }, {}, 'no-such-board');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('returns the first topic when a submit is retried with the same idempotency key', async () => {
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await ask(alice, { title: 'Once only', body: 'x' }, headers);
    const second = await ask(alice, { title: 'Once only', body: 'x' }, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    const rows = await t.db.select().from(topics).where(eq(topics.title, 'Once only'));
    expect(rows).toHaveLength(1);
  });

  it('creates exactly one topic for a double click sent concurrently', async () => {
    const headers = { 'idempotency-key': 'double-click-0001' };
    const responses = await Promise.all(Array.from({ length: 5 }, () => ask(bob, { title: 'Double click', body: 'x' }, headers)));
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(await t.db.select().from(topics).where(eq(topics.title, 'Double click'))).toHaveLength(1);
  });

  it('rejects a malformed idempotency key', async () => {
    const response = await ask(alice, { title: 'Key', body: 'x' }, { 'idempotency-key': 'bad key!' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('idempotency-key');
  });
});

describe('answering', () => {
  it('marks a staff answer official, and the question answered', async () => {
    const { id } = (await ask(alice, { title: 'Who answers?', body: 'x' })).json();
    const response = await answer(ops, id, { body: 'We do. See **docs**.' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ topicId: id, postNumber: 2, isOfficial: true, author: { id: ops.id, isStaff: true, role: 'ops' } });
    const topic = (await getTopic(id)).json();
    expect(topic).toMatchObject({ status: 'answered', replyCount: 1 });
    expect(topic.posts.map((p: { isOfficial: boolean }) => p.isOfficial)).toEqual([false, true]);
  });

  it('does not mark a customer answer official', async () => {
    const { id } = (await ask(alice, { title: 'Community?', body: 'x' })).json();
    const response = await answer(bob, id, { body: 'Try this.' });
    expect(response.json().isOfficial).toBe(false);
    expect((await getTopic(id)).json().status).toBe('open');
  });

  it("reopens an answered question on the asker's follow-up", async () => {
    const { id } = (await ask(alice, { title: 'Follow-up', body: 'x' })).json();
    await answer(ops, id, { body: 'Answer' });
    await answer(alice, id, { body: 'That did not work' });
    expect((await getTopic(id)).json().status).toBe('open');
  });

  it('numbers concurrent replies consecutively and counts them exactly', async () => {
    const { id } = (await ask(alice, { title: 'Hot topic', body: 'x' })).json();
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => answer(i % 2 ? bob : ops, id, { body: `reply ${i}` })));
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    const topic = (await getTopic(id)).json();
    expect(topic.replyCount).toBe(12);
    expect(topic.posts.map((p: { postNumber: number }) => p.postNumber)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('returns the first reply when retried with the same idempotency key', async () => {
    const { id } = (await ask(alice, { title: 'Retry reply', body: 'x' })).json();
    const headers = { 'idempotency-key': 'reply-retry-0001' };
    const first = await answer(bob, id, { body: 'once' }, headers);
    const second = await answer(bob, id, { body: 'once' }, headers);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    expect((await getTopic(id)).json().replyCount).toBe(1);
  });

  it('answers with the reply exactly as the topic then shows it, and stores its revision and search document', async () => {
    const { id } = (await ask(bob, { title: 'Read back', body: 'x' })).json();
    for (const person of [alice, ops]) {
      const response = await answer(person, id, { body: `From **${person.role}** with 网络 text` });
      expect(response.statusCode).toBe(201);
      const created = response.json();
      const shown = (await getTopic(id, person)).json().posts.find((post: { id: number }) => post.id === created.id);
      expect(created).toEqual(shown);
      const [revision] = await t.db.select().from(postRevisions).where(eq(postRevisions.postId, created.id));
      expect(revision).toMatchObject({ revision: 1, bodyMarkdown: `From **${person.role}** with 网络 text`, editorId: person.id });
      const [document] = await t.db.select().from(searchDocuments).where(and(eq(searchDocuments.kind, 'reply'), eq(searchDocuments.subjectId, created.id)));
      expect(document).toMatchObject({ topicId: id, postId: created.id, body: `From ${person.role} with 网络 text`, publishedAt: new Date(created.createdAt) });
    }
    expect((await getTopic(id)).json()).toMatchObject({ replyCount: 2, status: 'answered' });
  });

  it('returns the first reply to a retry after the topic was locked, and to a staff retry', async () => {
    const { id } = (await ask(alice, { title: 'Retry after lock', body: 'x' })).json();
    const first = await answer(bob, id, { body: 'before the lock' }, { 'idempotency-key': 'reply-retry-lock-1' });
    const staffFirst = await answer(ops, id, { body: 'official' }, { 'idempotency-key': 'reply-retry-staff-1' });
    const staffAgain = await answer(ops, id, { body: 'official' }, { 'idempotency-key': 'reply-retry-staff-1' });
    expect([staffAgain.statusCode, staffAgain.json().id]).toEqual([200, staffFirst.json().id]);
    await t.db.update(topics).set({ lockedAt: new Date() }).where(eq(topics.id, id));
    const again = await answer(bob, id, { body: 'before the lock' }, { 'idempotency-key': 'reply-retry-lock-1' });
    expect([again.statusCode, again.json()]).toEqual([200, first.json()]);
    expect((await getTopic(id)).json()).toMatchObject({ replyCount: 2, status: 'answered' });
    const fresh = await answer(bob, id, { body: 'after the lock' }, { 'idempotency-key': 'reply-retry-lock-2' });
    expect(fresh.json().error.code).toBe('TOPIC_LOCKED');
  });

  it('refuses a reply to a locked topic', async () => {
    const { id } = (await ask(alice, { title: 'Locked', body: 'x' })).json();
    await t.db.update(topics).set({ lockedAt: new Date() }).where(eq(topics.id, id));
    const response = await answer(bob, id, { body: 'too late' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('TOPIC_LOCKED');
    expect((await getTopic(id, bob)).json().canReply).toBe(false);
  });

  it.each([
    ['/api/topics/999999/posts', 404, 'NOT_FOUND'],
    ['/api/topics/abc/posts', 400, 'VALIDATION_FAILED'],
    ['/api/topics/0/posts', 400, 'VALIDATION_FAILED'],
  ])('answers %s with %i', async (url, status, code) => {
    const response = await t.request({ method: 'POST', url, cookie: bob.cookie, body: { body: 'x' } });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
  });

  it('rejects an empty answer naming the field', async () => {
    const { id } = (await ask(alice, { title: 'Empty answer', body: 'x' })).json();
    const response = await answer(bob, id, { body: '' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body');
  });
});

describe('reading', () => {
  it("shows the author's organization to everyone and its tier to staff only", async () => {
    const { id } = (await ask(alice, { title: 'Tier visibility', body: 'x' })).json();
    const asGuest = (await getTopic(id)).json().posts[0].author.organization;
    const asCustomer = (await getTopic(id, bob)).json().posts[0].author.organization;
    const asStaff = (await getTopic(id, ops)).json().posts[0].author.organization;
    expect(asGuest).toEqual({ name: 'Acme' });
    expect(asCustomer).toEqual({ name: 'Acme' });
    expect(asStaff).toEqual({ name: 'Acme', tier: 'head', lifecycleStage: 'adoption' });
  });

  it('hides a hidden topic', async () => {
    const { id } = (await ask(alice, { title: 'Hidden', body: 'x' })).json();
    await t.db.update(topics).set({ hiddenAt: new Date() }).where(eq(topics.id, id));
    expect((await getTopic(id)).statusCode).toBe(404);
    const list = (await t.request({ method: 'GET', url: '/api/boards/qa/topics?limit=100' })).json();
    expect(list.items.map((i: { id: number }) => i.id)).not.toContain(id);
  });

  it('offers reply and ask only to those allowed', async () => {
    const { id } = (await ask(alice, { title: 'Permissions on the wire', body: 'x' })).json();
    expect((await getTopic(id)).json().canReply).toBe(false);
    expect((await getTopic(id, bob)).json().canReply).toBe(true);
    const boardsAsGuest = (await t.request({ method: 'GET', url: '/api/boards' })).json().boards;
    const boardsAsBob = (await t.request({ method: 'GET', url: '/api/boards', cookie: bob.cookie })).json().boards;
    expect(boardsAsGuest.find((b: { slug: string }) => b.slug === 'qa').canCreateTopic).toBe(false);
    expect(boardsAsBob.find((b: { slug: string }) => b.slug === 'qa').canCreateTopic).toBe(true);
    expect(boardsAsBob.find((b: { slug: string }) => b.slug === 'release-notes').canCreateTopic).toBe(false);
  });
});

describe('the board list', () => {
  it('pages newest first by keyset with no gaps or repeats, even when topics share a timestamp', async () => {
    const [board] = await t.db
      .insert(boards)
      .values({ slug: 'paging', name: 'Paging', kind: 'qa', visibility: 'public' })
      .returning();
    const sameMoment = new Date('2026-01-01T10:00:00.000Z');
    const created = await t.db
      .insert(topics)
      .values(
        Array.from({ length: 45 }, (_, i) => ({
          boardId: board!.id,
          authorId: alice.id,
          title: `Topic ${i}`,
          // Three topics per timestamp, so ties must be broken by id.
          createdAt: new Date(sameMoment.getTime() + Math.floor(i / 3) * 1000),
        })),
      )
      .returning({ id: topics.id, createdAt: topics.createdAt });
    const expected = [...created]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
      .map((row) => row.id);

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/boards/paging/topics?limit=20${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url })).json();
      seen.push(...page.items.map((item: { id: number }) => item.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('leads the first page with pinned topics and never repeats them on later pages', async () => {
    const [board] = await t.db.insert(boards).values({ slug: 'pinning', name: 'Pinning', kind: 'qa', visibility: 'public' }).returning();
    const start = new Date('2026-02-01T10:00:00.000Z').getTime();
    const created = await t.db
      .insert(topics)
      .values(Array.from({ length: 12 }, (_, i) => ({ boardId: board!.id, authorId: alice.id, title: `Pin ${i}`, createdAt: new Date(start + i * 1000) })))
      .returning({ id: topics.id });
    const ids = created.map((row) => row.id);
    // The two oldest, pinned one after the other: the later pin leads.
    for (const id of [ids[0]!, ids[1]!]) {
      expect((await t.request({ method: 'POST', url: `/api/topics/${id}/moderation`, cookie: ops.cookie, body: { action: 'pin' } })).statusCode).toBe(200);
    }
    const pages: { id: number; isPinned: boolean }[][] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/boards/pinning/topics?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url })).json();
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const newestFirst = ids.slice(2).reverse();
    expect(pages.map((page) => page.map((item) => item.id))).toEqual([
      [ids[1], ids[0], ...newestFirst.slice(0, 4)],
      newestFirst.slice(4, 8),
      newestFirst.slice(8),
    ]);
    expect(pages.flat().filter((item) => item.isPinned).map((item) => item.id)).toEqual([ids[1], ids[0]]);
    // A filtered view is plain newest first: pinned topics keep their place.
    const unanswered = (await t.request({ method: 'GET', url: '/api/boards/pinning/topics?limit=20&filter=unanswered' })).json();
    expect(unanswered.items.map((item: { id: number }) => item.id)).toEqual([...ids].reverse());
  });

  it('lists with the author and whether staff answered', async () => {
    const { id } = (await ask(alice, { title: 'Listed', body: 'x' })).json();
    await answer(ops, id, { body: 'official' });
    const page = (await t.request({ method: 'GET', url: '/api/boards/qa/topics?limit=5' })).json();
    expect(page.items[0]).toMatchObject({ id, title: 'Listed', status: 'answered', replyCount: 1, hasOfficialAnswer: true, author: { id: alice.id } });
    expect(page.board).toMatchObject({ slug: 'qa', kind: 'qa' });
  });

  it.each([
    ['cursor=garbage', 'INVALID_CURSOR', 'cursor'],
    ['limit=0', 'VALIDATION_FAILED', 'limit'],
    ['limit=101', 'VALIDATION_FAILED', 'limit'],
    ['limit=ten', 'VALIDATION_FAILED', 'limit'],
    ['sort=oldest', 'VALIDATION_FAILED', 'sort'],
  ])('rejects ?%s', async (query, code, field) => {
    const response = await t.request({ method: 'GET', url: `/api/boards/qa/topics?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code, field });
  });
});
