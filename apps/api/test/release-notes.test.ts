import { and, eq, sql } from 'drizzle-orm';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, boards, releaseNoteRevisions, topicReactionCounts, topics } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let pm: Person;
let admin: Person;
let ops: Person;
let alice: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 } });
  [pm, admin, ops, alice] = await Promise.all([
    t.signedIn('pm'),
    t.signedIn('admin'),
    t.signedIn('ops'),
    t.signedIn('customer', { organization: 'Acme', tier: 'head' }),
  ]);
});
afterAll(() => t.close());

let seq = 0;
const note = (overrides: Record<string, unknown> = {}) => ({
  title: `Bulk export ${++seq}`,
  version: '4.2.0',
  introduction: 'Export **everything** at once.',
  scenarios: '- Audits\n- Migrations',
  precautions: 'Limited to _12 months_ per file.',
  publish: 'now',
  ...overrides,
});

const publish = (person: Person | undefined, body: unknown, headers: Record<string, string> = {}, board = 'release-notes') =>
  t.request({ method: 'POST', url: `/api/boards/${board}/release-notes`, cookie: person?.cookie, body, headers });
const read = (id: number, person?: Person) => t.request({ method: 'GET', url: `/api/release-notes/${id}`, cookie: person?.cookie });
const list = (query: string, person?: Person) => t.request({ method: 'GET', url: `/api/release-notes${query}`, cookie: person?.cookie });
const feed = () => t.request({ method: 'GET', url: '/api/release-notes/feed.atom' });
const listedIds = async (query: string, person?: Person): Promise<number[]> => {
  const response = await list(query, person);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items.map((item: { id: number }) => item.id);
};
const inFeed = async (title: string) => (await feed()).body.includes(title);

describe('publishing a release note', () => {
  it('lets a PM publish a note with three rendered sections', async () => {
    const response = await publish(pm, note({ title: 'Audit log export', releasedOn: '2026-03-01' }));
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      title: 'Audit log export',
      version: '4.2.0',
      releasedOn: '2026-03-01',
      status: 'published',
      board: { slug: 'release-notes' },
      author: { id: pm.id, isStaff: true },
      reactions: { thumbs_up: 0, tada: 0, heart: 0, confused: 0 },
      comments: [],
      canEdit: true,
    });
    expect(body.introductionHtml).toContain('<strong>everything</strong>');
    expect(body.scenariosHtml).toContain('<li>Audits</li>');
    expect(body.precautionsHtml).toContain('<em>12 months</em>');
    expect(body.publishedAt).not.toBeNull();

    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'release_note.created'), eq(auditLog.subjectId, String(body.id))));
    expect(audit).toMatchObject({ actorId: pm.id, subjectType: 'release_note' });

    const asCustomer = (await read(body.id, alice)).json();
    expect(asCustomer).toMatchObject({ canEdit: false, canComment: true, canReact: true });
    expect(asCustomer.source).toBeUndefined();
    expect(asCustomer.author.organization).toBeNull();
  });

  it('lets an admin publish too', async () => {
    expect((await publish(admin, note())).statusCode).toBe(201);
  });

  it('refuses ops and customers (403) and guests (401)', async () => {
    expect((await publish(ops, note())).statusCode).toBe(403);
    expect((await publish(alice, note())).statusCode).toBe(403);
    expect((await publish(undefined, note())).statusCode).toBe(401);
  });

  it('refuses a board that is not for release notes', async () => {
    expect((await publish(pm, note(), {}, 'qa')).statusCode).toBe(403);
    expect((await publish(pm, note(), {}, 'no-such-board')).statusCode).toBe(404);
  });

  it('strips script from the sections', async () => {
    const response = await publish(pm, note({ introduction: '<script>alert(1)</script><img src=x onerror=alert(1)>', precautions: '[x](javascript:alert(1))' }));
    const body = response.json();
    expect(body.introductionHtml + body.precautionsHtml).not.toMatch(/<script|onerror|javascript:/i);
  });

  it('returns the first note for a retry with the same idempotency key', async () => {
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await publish(pm, note(), headers);
    const [second, third] = await Promise.all([publish(pm, note(), headers), publish(pm, note(), headers)]);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(third.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    expect(third.json().id).toBe(first.json().id);
  });

  it.each([
    [{ version: undefined }, 'version'],
    [{ version: undefined, releasedOn: '2026-02-30' }, 'releasedOn'],
    [{ releasedOn: '1 March' }, 'releasedOn'],
    [{ title: '  ' }, 'title'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ introduction: '' }, 'introduction'],
    [{ scenarios: ' \n ' }, 'scenarios'],
    [{ precautions: 'x'.repeat(65_537) }, 'precautions'],
    [{ precautions: undefined }, 'precautions'],
    [{ publish: 'later' }, 'publish'],
    [{ publish: 'at' }, 'publishAt'],
    [{ publish: 'at', publishAt: '2020-01-01T00:00:00.000Z' }, 'publishAt'],
    [{ publish: 'at', publishAt: 'tomorrow' }, 'publishAt'],
    [{ publish: 'now', publishAt: '2999-01-01T00:00:00.000Z' }, 'publishAt'],
    [{ extra: 1 }, 'extra'],
  ])('rejects %j with 400 naming %s', async (overrides, field) => {
    const response = await publish(pm, note(overrides));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });

  it('accepts a note with only a release date', async () => {
    const response = await publish(pm, note({ version: undefined, releasedOn: '2026-04-01' }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ version: null, releasedOn: '2026-04-01' });
  });
});

describe('drafts and scheduled notes', () => {
  it('keeps a draft from customers and guests (404, not listed, not in the feed) and shows it to staff', async () => {
    const draft = (await publish(pm, note({ title: `Draft ${Date.now()}`, publish: 'draft' }))).json();
    expect(draft).toMatchObject({ status: 'draft', publishedAt: null });

    expect((await read(draft.id, alice)).statusCode).toBe(404);
    expect((await read(draft.id)).statusCode).toBe(404);
    expect(await listedIds('', alice)).not.toContain(draft.id);
    expect(await listedIds('')).not.toContain(draft.id);
    expect(await inFeed(draft.title)).toBe(false);

    for (const staff of [ops, pm, admin]) {
      expect((await read(draft.id, staff)).json()).toMatchObject({ status: 'draft' });
      const items = (await list('?limit=100', staff)).json().items;
      expect(items.find((item: { id: number }) => item.id === draft.id)).toMatchObject({ status: 'draft' });
    }
    // Customers cannot comment on or react to a note they cannot see.
    const comment = await t.request({ method: 'POST', url: `/api/topics/${draft.id}/posts`, cookie: alice.cookie, body: { body: 'Hi' } });
    expect(comment.statusCode).toBe(404);
    const react = await t.request({ method: 'PUT', url: `/api/topics/${draft.id}/reactions/tada`, cookie: alice.cookie });
    expect(react.statusCode).toBe(404);
  });

  it('publishes a draft on request, and audits it', async () => {
    const draft = (await publish(pm, note({ publish: 'draft' }))).json();
    const published = await t.request({ method: 'POST', url: `/api/release-notes/${draft.id}/publish`, cookie: pm.cookie });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published' });
    expect((await read(draft.id, alice)).statusCode).toBe(200);
    expect(await inFeed(draft.title)).toBe(true);
    const again = await t.request({ method: 'POST', url: `/api/release-notes/${draft.id}/publish`, cookie: admin.cookie });
    expect(again.json().publishedAt).toBe(published.json().publishedAt);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'release_note.published'), eq(auditLog.subjectId, String(draft.id))));
    expect(audits).toHaveLength(1);
    const byOps = await t.request({ method: 'POST', url: `/api/release-notes/${draft.id}/publish`, cookie: ops.cookie });
    expect(byOps.statusCode).toBe(403);
  });

  it('hides a scheduled note until its time comes', async () => {
    const publishAt = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = (await publish(pm, note({ title: `Scheduled ${Date.now()}`, publish: 'at', publishAt }))).json();
    expect(scheduled).toMatchObject({ status: 'scheduled', publishedAt: publishAt });
    expect((await read(scheduled.id, alice)).statusCode).toBe(404);
    expect(await listedIds('')).not.toContain(scheduled.id);
    expect(await inFeed(scheduled.title)).toBe(false);
    expect((await read(scheduled.id, ops)).json()).toMatchObject({ status: 'scheduled' });

    // The time passes.
    await t.db.update(topics).set({ publishedAt: sql`now() - interval '1 minute'` }).where(eq(topics.id, scheduled.id));
    expect((await read(scheduled.id, alice)).json()).toMatchObject({ status: 'published' });
    expect(await listedIds('')).toContain(scheduled.id);
    expect(await inFeed(scheduled.title)).toBe(true);
  });
});

describe('editing a release note', () => {
  it('changes the given fields only, re-renders them and audits the edit', async () => {
    const created = (await publish(pm, note({ releasedOn: '2026-01-10' }))).json();
    const response = await t.request({
      method: 'PATCH',
      url: `/api/release-notes/${created.id}`,
      cookie: admin.cookie,
      body: { title: 'Renamed', scenarios: '1. **First**', version: null },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ title: 'Renamed', version: null, releasedOn: '2026-01-10' });
    expect(response.json().scenariosHtml).toContain('<strong>First</strong>');
    expect(response.json().introductionHtml).toBe(created.introductionHtml);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'release_note.updated'), eq(auditLog.subjectId, String(created.id))));
    expect(audits).toHaveLength(1);
  });

  it('keeps every version of the note as a revision', async () => {
    const created = (await publish(pm, note({ title: 'Original', introduction: 'First words' }))).json();
    await t.request({ method: 'PATCH', url: `/api/release-notes/${created.id}`, cookie: pm.cookie, body: { introduction: 'Second words' } });
    await t.request({ method: 'PATCH', url: `/api/release-notes/${created.id}`, cookie: admin.cookie, body: { title: 'Renamed' } });
    const revisions = await t.db
      .select()
      .from(releaseNoteRevisions)
      .where(eq(releaseNoteRevisions.topicId, created.id))
      .orderBy(releaseNoteRevisions.revision);
    expect(revisions.map((r) => [r.revision, r.title, r.introductionMarkdown, r.editorId])).toEqual([
      [1, 'Original', 'First words', pm.id],
      [2, 'Original', 'Second words', pm.id],
      [3, 'Renamed', 'Second words', admin.id],
    ]);
  });

  it('refuses to drop both the version and the date', async () => {
    const created = (await publish(pm, note({ releasedOn: undefined }))).json();
    const response = await t.request({ method: 'PATCH', url: `/api/release-notes/${created.id}`, cookie: pm.cookie, body: { version: null } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('version');
  });

  it('can turn a published note back into a draft, and refuses customers', async () => {
    const created = (await publish(pm, note())).json();
    const refused = await t.request({ method: 'PATCH', url: `/api/release-notes/${created.id}`, cookie: alice.cookie, body: { title: 'Mine' } });
    expect(refused.statusCode).toBe(403);
    const response = await t.request({ method: 'PATCH', url: `/api/release-notes/${created.id}`, cookie: pm.cookie, body: { publish: 'draft' } });
    expect(response.json()).toMatchObject({ status: 'draft', publishedAt: null });
    expect((await read(created.id, alice)).statusCode).toBe(404);
  });
});

describe('listing release notes', () => {
  let boardSlug: string;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    boardSlug = `notes-${Date.now()}`;
    await t.db.insert(boards).values({ slug: boardSlug, name: 'Filtered notes', kind: 'release_notes' });
    const notes = [
      ['v41', { version: '4.1.0', releasedOn: '2026-01-15' }],
      ['v42', { version: '4.2', releasedOn: '2026-02-15' }],
      ['v421', { version: '4.2.1', releasedOn: '2026-03-15' }],
      ['v420', { version: '4.20.0', releasedOn: '2026-04-15' }],
      ['dateOnly', { version: undefined, releasedOn: '2026-05-15' }],
    ] as const;
    for (const [key, fields] of notes) {
      const response = await publish(pm, note({ title: `List ${key} <&> "quoted"`, ...fields }), {}, boardSlug);
      expect(response.statusCode, response.body).toBe(201);
      ids[key] = response.json().id;
    }
  });

  it('lists newest first with excerpt, reactions and comment counts', async () => {
    const response = await list(`?board=${boardSlug}`);
    const { items, board, canPublish } = response.json();
    expect(board.slug).toBe(boardSlug);
    expect(canPublish).toBe(false);
    expect(items.map((item: { id: number }) => item.id)).toEqual([ids.dateOnly, ids.v420, ids.v421, ids.v42, ids.v41]);
    expect(items[0]).toMatchObject({
      status: 'published',
      excerpt: 'Export everything at once.',
      reactions: { thumbs_up: 0, tada: 0, heart: 0, confused: 0 },
      commentCount: 0,
    });
    expect((await list(`?board=${boardSlug}`, pm)).json().canPublish).toBe(true);
  });

  it('pages with an "older" cursor', async () => {
    const first = (await list(`?board=${boardSlug}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (await list(`?board=${boardSlug}&limit=2&cursor=${first.nextCursor}`)).json();
    const third = (await list(`?board=${boardSlug}&limit=2&cursor=${second.nextCursor}`)).json();
    expect([...first.items, ...second.items, ...third.items].map((item: { id: number }) => item.id)).toEqual([
      ids.dateOnly,
      ids.v420,
      ids.v421,
      ids.v42,
      ids.v41,
    ]);
    expect(third.nextCursor).toBeNull();
    const bad = await list(`?board=${boardSlug}&cursor=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cursor');
  });

  it('filters by exact version or version prefix', async () => {
    expect(await listedIds(`?board=${boardSlug}&version=4.2.1`)).toEqual([ids.v421]);
    expect(await listedIds(`?board=${boardSlug}&version=4.2`)).toEqual([ids.v421, ids.v42]);
    expect(await listedIds(`?board=${boardSlug}&version=4.`)).toEqual([ids.v420, ids.v421, ids.v42, ids.v41]);
    expect(await listedIds(`?board=${boardSlug}&version=9`)).toEqual([]);
    expect(await listedIds(`?board=${boardSlug}&version=4_2%25`)).toEqual([]);
  });

  it('filters by release date range', async () => {
    expect(await listedIds(`?board=${boardSlug}&from=2026-02-01&to=2026-03-31`)).toEqual([ids.v421, ids.v42]);
    expect(await listedIds(`?board=${boardSlug}&from=2026-04-15`)).toEqual([ids.dateOnly, ids.v420]);
    expect(await listedIds(`?board=${boardSlug}&to=2026-01-15`)).toEqual([ids.v41]);
  });

  it.each([
    ['?from=2026-13-01', 'from'],
    ['?to=yesterday', 'to'],
    ['?from=2026-03-01&to=2026-02-01', 'from'],
    ['?limit=0', 'limit'],
    ['?board=Bad%20Slug', 'board'],
  ])('rejects %s with 400 naming %s', async (query, field) => {
    const response = await list(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it('answers 404 for a board that is not a release-notes board', async () => {
    expect((await list('?board=qa')).statusCode).toBe(404);
  });
});

describe('reactions', () => {
  const react = (person: Person, id: number, kind: string, method: 'PUT' | 'DELETE' = 'PUT') =>
    t.request({ method, url: `/api/topics/${id}/reactions/${kind}`, cookie: person.cookie });

  it('counts each person once per kind and takes reactions back', async () => {
    const { id } = (await publish(pm, note())).json();
    const first = await react(alice, id, 'tada');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ topicId: id, reactions: { tada: 1, heart: 0 }, viewerReactions: ['tada'] });
    expect((await react(alice, id, 'tada')).json().reactions.tada).toBe(1);
    expect((await react(alice, id, 'heart')).json()).toMatchObject({ reactions: { tada: 1, heart: 1 }, viewerReactions: ['heart', 'tada'] });
    expect((await react(alice, id, 'tada', 'DELETE')).json()).toMatchObject({ reactions: { tada: 0, heart: 1 }, viewerReactions: ['heart'] });
    expect((await react(alice, id, 'tada', 'DELETE')).json().reactions.tada).toBe(0);

    const detail = (await read(id, alice)).json();
    expect(detail).toMatchObject({ reactions: { tada: 0, heart: 1 }, viewerReactions: ['heart'] });
    const summary = (await list('?limit=100')).json().items.find((item: { id: number }) => item.id === id);
    expect(summary.reactions).toMatchObject({ heart: 1, tada: 0 });
  });

  it('rejects an unknown kind and a guest', async () => {
    const { id } = (await publish(pm, note())).json();
    const unknown = await react(alice, id, 'rocket');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('kind');
    expect((await t.request({ method: 'PUT', url: `/api/topics/${id}/reactions/tada` })).statusCode).toBe(401);
    expect((await react(alice, 999_999_999, 'tada')).statusCode).toBe(404);
  });

  it('stays exact under concurrency: 20 people at once, and one person 20 times at once', async () => {
    const { id } = (await publish(pm, note())).json();
    const people = await Promise.all(Array.from({ length: 20 }, () => t.signedIn('customer')));
    const responses = await Promise.all([
      ...people.map((person) => react(person, id, 'thumbs_up')),
      ...Array.from({ length: 20 }, () => react(alice, id, 'thumbs_up')),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual(Array(40).fill(200));
    const [stored] = await t.db
      .select({ count: topicReactionCounts.count })
      .from(topicReactionCounts)
      .where(and(eq(topicReactionCounts.topicId, id), eq(topicReactionCounts.kind, 'thumbs_up')));
    expect(stored!.count).toBe(21);
    expect((await read(id)).json().reactions.thumbs_up).toBe(21);

    const removals = await Promise.all([
      ...people.slice(0, 10).map((person) => react(person, id, 'thumbs_up', 'DELETE')),
      ...Array.from({ length: 20 }, () => react(alice, id, 'thumbs_up', 'DELETE')),
    ]);
    expect(removals.every((response) => response.statusCode === 200)).toBe(true);
    expect((await read(id)).json().reactions.thumbs_up).toBe(10);
  });
});

describe('comments', () => {
  it('takes customer comments through the topic posts route and shows them on the note', async () => {
    const { id } = (await publish(pm, note())).json();
    const posted = await t.request({ method: 'POST', url: `/api/topics/${id}/posts`, cookie: alice.cookie, body: { body: 'Does it include **archived** projects?' } });
    expect(posted.statusCode, posted.body).toBe(201);
    const reply = await t.request({ method: 'POST', url: `/api/topics/${id}/posts`, cookie: pm.cookie, body: { body: 'Yes.' } });
    expect(reply.statusCode).toBe(201);

    const asGuest = (await read(id)).json();
    expect(asGuest.canComment).toBe(false);
    expect(asGuest.comments).toHaveLength(2);
    expect(asGuest.comments[0]).toMatchObject({ author: { id: alice.id, isStaff: false, organization: { name: 'Acme' } } });
    expect(asGuest.comments[0].author.organization.tier).toBeUndefined();
    expect(asGuest.comments[0].bodyHtml).toContain('<strong>archived</strong>');
    expect(asGuest.comments[1]).toMatchObject({ isOfficial: true, author: { id: pm.id } });
    expect((await read(id, ops)).json().comments[0].author.organization.tier).toBe('head');

    const summary = (await list('?limit=100')).json().items.find((item: { id: number }) => item.id === id);
    expect(summary.commentCount).toBe(2);
  });

  it('tells each reader what they may do with a comment, as a topic tells of its replies, and shows staff the deleted ones', async () => {
    const bob = await t.signedIn('customer', { organization: 'Tinyco' });
    const { id } = (await publish(pm, note())).json();
    const posted = await t.request({ method: 'POST', url: `/api/topics/${id}/posts`, cookie: alice.cookie, body: { body: 'Is there an API for it?' } });
    expect(posted.statusCode, posted.body).toBe(201);
    const commentId: number = posted.json().id;
    const commentAs = async (person?: Person) => {
      const response = await read(id, person);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().comments.find((comment: { id: number }) => comment.id === commentId);
    };

    const unchanged = { revision: 1, editedAt: null, isHidden: false, isDeleted: false };
    expect(await commentAs(alice)).toMatchObject({ ...unchanged, canEdit: true, canDelete: true, canModerate: false });
    expect(await commentAs(bob)).toMatchObject({ ...unchanged, canEdit: false, canDelete: false, canModerate: false });
    expect(await commentAs(ops)).toMatchObject({ ...unchanged, canEdit: true, canDelete: true, canModerate: true });
    expect(await commentAs()).toMatchObject({ ...unchanged, canEdit: false, canDelete: false, canModerate: false });

    // Edited: marked so, and the answers say where the comment's page is.
    const edited = await t.request({ method: 'PATCH', url: `/api/posts/${commentId}`, cookie: alice.cookie, body: { body: 'Is there an API for it yet?' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ topicId: id, boardKind: 'release_notes', revision: 2 });
    expect(await commentAs(bob)).toMatchObject({ revision: 2, editedAt: expect.any(String) });
    const revisions = await t.request({ method: 'GET', url: `/api/posts/${commentId}/revisions`, cookie: alice.cookie });
    expect(revisions.json()).toMatchObject({ topicId: id, boardKind: 'release_notes', postNumber: 2 });

    // On a locked note only staff edit; the author may still delete it.
    expect((await t.request({ method: 'POST', url: `/api/topics/${id}/moderation`, cookie: ops.cookie, body: { action: 'lock' } })).statusCode).toBe(200);
    expect(await commentAs(alice)).toMatchObject({ canEdit: false, canDelete: true });
    expect(await commentAs(ops)).toMatchObject({ canEdit: true });

    // Deleted: gone for customers, greyed for staff, who may restore it.
    const deleted = await t.request({ method: 'POST', url: `/api/posts/${commentId}/delete`, cookie: alice.cookie });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(await commentAs(alice)).toBeUndefined();
    expect(await commentAs(bob)).toBeUndefined();
    expect(await commentAs(ops)).toMatchObject({ isDeleted: true, canModerate: true });
  });

  it('answers comments a page at a time, as a topic answers replies: after, before and near a comment', async () => {
    const { id } = (await publish(pm, note())).json();
    const ids: number[] = [];
    for (let n = 1; n <= 5; n += 1) {
      const posted = await t.request({ method: 'POST', url: `/api/topics/${id}/posts`, cookie: pm.cookie, body: { body: `Comment ${n}` } });
      expect(posted.statusCode, posted.body).toBe(201);
      ids.push(posted.json().id);
    }
    const page = async (query: string) => {
      const response = await t.request({ method: 'GET', url: `/api/release-notes/${id}${query}` });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      return { ids: body.comments.map((comment: { id: number }) => comment.id), page: body.commentsPage };
    };
    const first = await page('?limit=2');
    expect(first.ids).toEqual(ids.slice(0, 2));
    expect(first.page).toMatchObject({ total: 5, hasEarlier: false, hasLater: true, laterCount: 3, firstPostNumber: 2, lastPostNumber: 3 });
    const next = await page(`?limit=2&after=${first.page.lastPostNumber}`);
    expect(next.ids).toEqual(ids.slice(2, 4));
    expect(next.page).toMatchObject({ hasEarlier: true, earlierCount: 2, laterCount: 1 });
    expect((await page(`?limit=2&before=${next.page.firstPostNumber}`)).ids).toEqual(ids.slice(0, 2));
    // A link to the last comment opens the page that holds it.
    expect((await page(`?limit=2&near=${ids[4]}`)).ids).toContain(ids[4]);
    // Fifty a page by default, and never more than a hundred.
    expect((await page('')).page.limit).toBe(50);
    const tooMany = await t.request({ method: 'GET', url: `/api/release-notes/${id}?limit=101` });
    expect(tooMany.statusCode).toBe(400);
    const both = await t.request({ method: 'GET', url: `/api/release-notes/${id}?after=2&before=4` });
    expect(both.statusCode).toBe(400);
  });
});

describe('the Atom feed', () => {
  it('is well-formed Atom with escaped titles and sanitized HTML content, without drafts', async () => {
    const hostile = `Ampersands & <b>tags</b> "quotes" ${Date.now()}`;
    await publish(pm, note({ title: hostile, introduction: 'Hello <script>alert(1)</script> **world** & more' }));
    const draft = (await publish(pm, note({ title: `Feed draft ${Date.now()}`, publish: 'draft' }))).json();

    const response = await feed();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(response.body).not.toContain('<b>tags</b>');
    expect(response.body).toContain('Ampersands &amp; &lt;b&gt;tags&lt;/b&gt; &quot;quotes&quot;');

    const document = new JSDOM(response.body, { contentType: 'application/xml' }).window.document;
    expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(document.documentElement.namespaceURI).toBe('http://www.w3.org/2005/Atom');
    expect(document.documentElement.localName).toBe('feed');
    const entries = [...document.getElementsByTagName('entry')];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(50);
    const titles = entries.map((entry) => entry.getElementsByTagName('title')[0]!.textContent);
    const entry = entries[titles.findIndex((title) => title!.startsWith(hostile))]!;
    expect(entry).toBeDefined();
    const content = entry.getElementsByTagName('content')[0]!;
    expect(content.getAttribute('type')).toBe('html');
    expect(content.textContent).toContain('<strong>world</strong>');
    expect(content.textContent).toContain('<h2>Precautions</h2>');
    expect(content.textContent).not.toContain('<script');
    expect(entry.getElementsByTagName('link')[0]!.getAttribute('href')).toMatch(/\/release-notes\/\d+$/);
    expect(titles.some((title) => title!.startsWith(draft.title))).toBe(false);
  });

  it('leaves out members-only boards', async () => {
    const slug = `private-notes-${Date.now()}`;
    await t.db.insert(boards).values({ slug, name: 'Private notes', kind: 'release_notes', visibility: 'members' });
    const title = `Members only ${Date.now()}`;
    expect((await publish(pm, note({ title }), {}, slug)).statusCode).toBe(201);
    expect(await inFeed(title)).toBe(false);
    expect((await list(`?board=${slug}`)).statusCode).toBe(401);
    expect(await listedIds(`?board=${slug}`, alice)).toHaveLength(1);
  });
});
