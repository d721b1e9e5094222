import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, postRevisions, posts } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let alice: Person;
let bob: Person;
let ops: Person;
let admin: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  alice = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  bob = await t.signedIn('customer', { organization: 'TinyCo', tier: 'tail' });
  ops = await t.signedIn('ops');
  admin = await t.signedIn('admin');
});
afterAll(() => t.close());

let seq = 0;
/** Alice asks; Bob answers. Returns the topic and both posts' ids. */
async function thread() {
  seq += 1;
  const topic = (await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: alice.cookie, body: { title: `Moderated ${seq}`, body: 'Question' } })).json();
  const reply = (await t.request({ method: 'POST', url: `/api/topics/${topic.id}/posts`, cookie: bob.cookie, body: { body: 'line one\nline two' } })).json();
  return { topicId: topic.id as number, questionId: topic.posts[0].id as number, answerId: reply.id as number };
}

const edit = (person: Person, postId: number, body: unknown) => t.request({ method: 'PATCH', url: `/api/posts/${postId}`, cookie: person.cookie, body });
const act = (person: Person | undefined, url: string, body?: unknown) => t.request({ method: 'POST', url, cookie: person?.cookie, body });
const getTopic = (topicId: number, person?: Person) => t.request({ method: 'GET', url: `/api/topics/${topicId}`, cookie: person?.cookie });
const auditFor = (subjectId: number) => t.db.select().from(auditLog).where(eq(auditLog.subjectId, String(subjectId)));

describe('editing a post', () => {
  it('keeps every revision and shows the line diff between them', async () => {
    const { answerId } = await thread();
    expect((await edit(bob, answerId, { body: 'line one\nline 2' })).statusCode).toBe(200);
    const second = await edit(bob, answerId, { body: 'line one\nline 2\nline three' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: answerId, boardKind: 'qa', revision: 3, isHidden: false, isDeleted: false });
    expect(second.json().bodyHtml).toContain('line three');
    expect(second.json().editedAt).not.toBeNull();

    const stored = await t.db.select().from(postRevisions).where(eq(postRevisions.postId, answerId));
    expect(stored.map((r) => [r.revision, r.bodyMarkdown, r.editorId])).toEqual([
      [1, 'line one\nline two', bob.id],
      [2, 'line one\nline 2', bob.id],
      [3, 'line one\nline 2\nline three', bob.id],
    ]);

    const response = await t.request({ method: 'GET', url: `/api/posts/${answerId}/revisions`, cookie: bob.cookie });
    expect(response.statusCode).toBe(200);
    const { revisions, boardKind } = response.json();
    expect(boardKind).toBe('qa');
    expect(revisions).toHaveLength(3);
    expect(revisions[1]).toMatchObject({ revision: 2, editor: { id: bob.id } });
    expect(revisions[1].diff).toEqual([
      { kind: 'same', text: 'line one' },
      { kind: 'removed', text: 'line two' },
      { kind: 'added', text: 'line 2' },
    ]);
    expect(revisions[2].diff.at(-1)).toEqual({ kind: 'added', text: 'line three' });
    // Nobody else's business: another customer may not read them.
    expect((await t.request({ method: 'GET', url: `/api/posts/${answerId}/revisions`, cookie: alice.cookie })).statusCode).toBe(403);
  });

  it('lets a customer edit their own post but not another’s', async () => {
    const { answerId, questionId } = await thread();
    expect((await edit(alice, answerId, { body: 'Hijacked' })).statusCode).toBe(403);
    expect((await edit(bob, questionId, { body: 'Hijacked' })).statusCode).toBe(403);
    expect((await edit(bob, answerId, { body: 'My own words' })).statusCode).toBe(200);
    const [post] = await t.db.select().from(posts).where(eq(posts.id, answerId));
    expect(post).toMatchObject({ bodyMarkdown: 'My own words', currentRevision: 2 });
  });

  it('refuses an edit made from an older revision, saving nothing, so a later save never silently replaces an earlier one', async () => {
    const { answerId } = await thread();
    // Two tabs open revision 1; the first saves, the second then saves from revision 1 too.
    expect((await edit(bob, answerId, { body: 'First tab', baseRevision: 1 })).statusCode).toBe(200);
    const stale = await edit(bob, answerId, { body: 'Second tab', baseRevision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'EDIT_CONFLICT', field: 'body' });
    const [post] = await t.db.select().from(posts).where(eq(posts.id, answerId));
    expect(post).toMatchObject({ bodyMarkdown: 'First tab', currentRevision: 2 });
    // From the current revision it goes through; without one (API clients), as before.
    expect((await edit(bob, answerId, { body: 'Second tab, merged', baseRevision: 2 })).statusCode).toBe(200);
    expect((await edit(bob, answerId, { body: 'No revision given' })).statusCode).toBe(200);
  });

  it('renames the topic from the opening post only', async () => {
    const { topicId, questionId, answerId } = await thread();
    expect((await edit(alice, questionId, { body: 'Question, clarified', title: 'A better title' })).statusCode).toBe(200);
    expect((await getTopic(topicId, alice)).json().title).toBe('A better title');
    const onReply = await edit(bob, answerId, { body: 'x', title: 'Nope' });
    expect(onReply.statusCode).toBe(400);
    expect(onReply.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'title' });
    const revisions = (await t.request({ method: 'GET', url: `/api/posts/${questionId}/revisions`, cookie: alice.cookie })).json().revisions;
    expect(revisions.map((r: { title: string }) => r.title)).toEqual([`Moderated ${seq}`, 'A better title']);
  });

  it('audits a staff edit of someone else’s post, not an author’s own edit', async () => {
    const { answerId } = await thread();
    await edit(bob, answerId, { body: 'Own edit' });
    expect(await auditFor(answerId)).toEqual([]);
    expect((await edit(ops, answerId, { body: 'Fixed a link' })).statusCode).toBe(200);
    expect(await auditFor(answerId)).toMatchObject([{ actorId: ops.id, action: 'post.edited', subjectType: 'post', details: { revision: 3 } }]);
  });

  it('lets only staff edit on a locked topic', async () => {
    const { topicId, answerId } = await thread();
    expect((await act(ops, `/api/topics/${topicId}/moderation`, { action: 'lock' })).statusCode).toBe(200);
    const refused = await edit(bob, answerId, { body: 'Late edit' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('TOPIC_LOCKED');
    expect((await edit(ops, answerId, { body: 'Staff edit' })).statusCode).toBe(200);
    const post = (await getTopic(topicId, bob)).json().posts.find((p: { id: number }) => p.id === answerId);
    expect(post).toMatchObject({ canEdit: false, canDelete: true, canModerate: false });
  });

  it.each([
    [{}, 'body'],
    [{ body: '' }, 'body'],
    [{ body: '  ' }, 'body'],
    [{ body: 'x', title: '' }, 'title'],
    [{ body: 'x', extra: 1 }, 'extra'],
  ])('rejects %j naming the field', async (body, field) => {
    const { answerId } = await thread();
    const response = await edit(bob, answerId, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    const [post] = await t.db.select().from(posts).where(eq(posts.id, answerId));
    expect(post!.currentRevision).toBe(1);
  });
});

describe('deleting, hiding and restoring', () => {
  it('soft-deletes and restores a post, auditing the staff restore', async () => {
    const { topicId, answerId } = await thread();
    const deleted = await act(bob, `/api/posts/${answerId}/delete`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ isDeleted: true });
    expect((await getTopic(topicId, alice)).json().posts.map((p: { id: number }) => p.id)).not.toContain(answerId);
    // The author cannot bring it back; staff can.
    expect((await act(bob, `/api/posts/${answerId}/restore`)).statusCode).toBe(403);
    const staffView = (await getTopic(topicId, ops)).json().posts.find((p: { id: number }) => p.id === answerId);
    expect(staffView).toMatchObject({ isDeleted: true, canModerate: true });
    const restored = await act(ops, `/api/posts/${answerId}/restore`);
    expect(restored.json()).toMatchObject({ isDeleted: false });
    expect((await getTopic(topicId, alice)).json().posts.map((p: { id: number }) => p.id)).toContain(answerId);
    expect((await auditFor(answerId)).map((e) => e.action)).toEqual(['post.restored']);
    // Nothing was lost.
    const [post] = await t.db.select().from(posts).where(eq(posts.id, answerId));
    expect(post!.bodyMarkdown).toBe('line one\nline two');
  });

  it('deletes the topic with its opening post, and restores it', async () => {
    const { topicId, questionId } = await thread();
    expect((await act(ops, `/api/posts/${questionId}/delete`)).statusCode).toBe(200);
    expect((await getTopic(topicId, alice)).statusCode).toBe(404);
    expect((await getTopic(topicId, ops)).statusCode).toBe(200);
    expect((await act(ops, `/api/posts/${questionId}/restore`)).statusCode).toBe(200);
    expect((await getTopic(topicId, alice)).statusCode).toBe(200);
  });

  it('lets an asker delete their question only while nobody has replied: replies would go with it', async () => {
    const { topicId, questionId, answerId } = await thread();
    const opening = (await getTopic(topicId, alice)).json().posts.find((p: { id: number }) => p.id === questionId);
    expect(opening).toMatchObject({ canEdit: true, canDelete: false });
    const refused = await act(alice, `/api/posts/${questionId}/delete`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'QUESTION_HAS_REPLIES', message: expect.stringContaining('has replies') });
    expect((await getTopic(topicId, bob)).json().posts.map((p: { id: number }) => p.id)).toEqual([questionId, answerId]);
    // A reply staff hid counts too: it is someone's words all the same.
    expect((await act(ops, `/api/posts/${answerId}/hide`, { reason: 'spam' })).statusCode).toBe(200);
    expect((await act(alice, `/api/posts/${questionId}/delete`)).statusCode).toBe(409);

    const lone = (await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: alice.cookie, body: { title: `Unanswered ${seq}`, body: 'Never mind' } })).json();
    expect(lone.posts[0]).toMatchObject({ canDelete: true });
    expect((await act(alice, `/api/posts/${lone.posts[0].id}/delete`)).statusCode).toBe(200);
    expect((await getTopic(lone.id, bob)).statusCode).toBe(404);
  });

  it('hides a post from customers and guests, shows it to staff and its author marked hidden, and tells the author why', async () => {
    const { topicId, answerId } = await thread();
    const hidden = await act(ops, `/api/posts/${answerId}/hide`, { reason: '  Shares a customer’s data ' });
    expect(hidden.json()).toMatchObject({ isHidden: true });
    for (const reader of [alice, undefined]) {
      const detail = (await getTopic(topicId, reader)).json();
      expect(detail.posts.map((p: { id: number }) => p.id)).not.toContain(answerId);
      expect(detail.posts.every((p: { isHidden?: boolean; isDeleted?: boolean }) => !p.isHidden && !p.isDeleted)).toBe(true);
      // Nor does a link to it open its page of the topic.
      expect((await t.request({ method: 'GET', url: `/api/topics/${topicId}?near=${answerId}`, cookie: reader?.cookie })).json().posts.map((p: { id: number }) => p.id)).not.toContain(answerId);
    }
    // Others cannot reach it through the post routes either.
    expect((await edit(alice, answerId, { body: 'sneaky' })).statusCode).toBe(404);
    const staffPost = (await getTopic(topicId, ops)).json().posts.find((p: { id: number }) => p.id === answerId);
    expect(staffPost).toMatchObject({ isHidden: true, isDeleted: false, hiddenReason: 'Shares a customer’s data' });
    expect(await auditFor(answerId)).toMatchObject([{ action: 'post.hidden', actorId: ops.id, details: { reason: 'Shares a customer’s data' } }]);

    // Its author still sees it, marked, with the reason, and may fix it (it stays hidden).
    const own = (await t.request({ method: 'GET', url: `/api/topics/${topicId}?near=${answerId}`, cookie: bob.cookie })).json();
    expect(own.posts.find((p: { id: number }) => p.id === answerId)).toMatchObject({ isHidden: true, hiddenReason: 'Shares a customer’s data', canEdit: true });
    expect((await edit(bob, answerId, { body: 'Without the data' })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/posts/${answerId}/revisions`, cookie: bob.cookie })).statusCode).toBe(200);
    expect((await getTopic(topicId, alice)).json().posts.map((p: { id: number }) => p.id)).not.toContain(answerId);
    const hiddenNotices = async () =>
      (await t.request({ method: 'GET', url: '/api/notifications', cookie: bob.cookie })).json().items.filter((n: { kind: string; path: string }) => n.kind === 'post_hidden' && n.path.includes(`#post-${answerId}`));
    expect(await hiddenNotices()).toMatchObject([
      { lead: 'Staff hid your post', title: `Moderated ${seq}`, actorName: null, detail: expect.stringContaining('Their reason: “Shares a customer’s data”'), path: `/t/${topicId}?near=${answerId}#post-${answerId}` },
    ]);
    // Hiding it again while hidden is no news.
    await act(ops, `/api/posts/${answerId}/hide`, { reason: 'Still' });
    expect(await hiddenNotices()).toHaveLength(1);

    expect((await act(ops, `/api/posts/${answerId}/unhide`)).json()).toMatchObject({ isHidden: false });
    expect((await getTopic(topicId, alice)).json().posts.map((p: { id: number }) => p.id)).toContain(answerId);
    expect((await getTopic(topicId, bob)).json().posts.find((p: { id: number }) => p.id === answerId)).not.toHaveProperty('hiddenReason');
  });

  it('tells nobody when staff hide their own post', async () => {
    const { topicId } = await thread();
    const own = (await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: ops.cookie, body: { body: 'Wrong answer' } })).json();
    expect((await act(ops, `/api/posts/${own.id}/hide`, { reason: 'Wrong' })).statusCode).toBe(200);
    const items = (await t.request({ method: 'GET', url: '/api/notifications', cookie: ops.cookie })).json().items;
    expect(items.filter((n: { kind: string }) => n.kind === 'post_hidden')).toEqual([]);
  });

  it('keeps a hidden topic out of customer and guest lists, not staff’s', async () => {
    const { topicId } = await thread();
    expect((await act(ops, `/api/topics/${topicId}/moderation`, { action: 'hide' })).json().hiddenAt).not.toBeNull();
    const ids = async (person?: Person) =>
      (await t.request({ method: 'GET', url: '/api/boards/qa/topics?limit=100', cookie: person?.cookie })).json().items.map((i: { id: number }) => i.id);
    expect(await ids(alice)).not.toContain(topicId);
    expect(await ids()).not.toContain(topicId);
    expect(await ids(ops)).toContain(topicId);
    expect((await getTopic(topicId, alice)).statusCode).toBe(404);
    await act(ops, `/api/topics/${topicId}/moderation`, { action: 'unhide' });
    expect(await ids(alice)).toContain(topicId);
  });

  it('moves a topic only to a board of the same kind, naming the field', async () => {
    const { topicId } = await thread();
    const missing = await act(ops, `/api/topics/${topicId}/moderation`, { action: 'move' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('boardSlug');
    const wrongKind = await act(ops, `/api/topics/${topicId}/moderation`, { action: 'move', boardSlug: 'release-notes' });
    expect(wrongKind.statusCode).toBe(400);
    const badAction = await act(ops, `/api/topics/${topicId}/moderation`, { action: 'explode' });
    expect(badAction.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'action' });
  });

  it('audits topic moderation', async () => {
    const { topicId } = await thread();
    for (const action of ['pin', 'lock', 'unlock', 'unpin']) await act(ops, `/api/topics/${topicId}/moderation`, { action });
    const entries = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, String(topicId)));
    expect(entries.filter((e) => e.subjectType === 'topic').map((e) => e.action)).toEqual(['topic.pinned', 'topic.locked', 'topic.unlocked', 'topic.unpinned']);
  });
});

describe('flags', () => {
  it('takes one flag per person and post', async () => {
    const { answerId } = await thread();
    const first = await act(alice, `/api/posts/${answerId}/flags`, { reason: 'Spam' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ postId: answerId, reason: 'Spam', resolvedAt: null });
    const second = await act(alice, `/api/posts/${answerId}/flags`, { reason: 'Still spam' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('ALREADY_FLAGGED');
    expect((await act(ops, `/api/posts/${answerId}/flags`, { reason: 'Spam too' })).statusCode).toBe(201);
  });

  it('lists open flags to staff and resolves one by hiding the post', async () => {
    const { topicId, answerId } = await thread();
    const flag = (await act(alice, `/api/posts/${answerId}/flags`, { reason: 'Rude' })).json();
    expect((await t.request({ method: 'GET', url: '/api/flags', cookie: alice.cookie })).statusCode).toBe(403);
    const list = (await t.request({ method: 'GET', url: '/api/flags?limit=100', cookie: ops.cookie })).json();
    expect(list.items.find((i: { id: number }) => i.id === flag.id)).toMatchObject({
      reason: 'Rude',
      reporter: { id: alice.id },
      post: { id: answerId, excerpt: 'line one\nline two', author: { id: bob.id }, isHidden: false },
      topic: { id: topicId },
    });

    const resolved = await act(ops, `/api/flags/${flag.id}/resolve`, { resolution: 'hide' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ resolution: 'hide' });
    expect((await getTopic(topicId, alice)).json().posts.map((p: { id: number }) => p.id)).not.toContain(answerId);
    // Its author is told it was hidden after a report, not who reported it or what they wrote.
    expect((await getTopic(topicId, bob)).json().posts.find((p: { id: number }) => p.id === answerId)).toMatchObject({ isHidden: true, hiddenReason: null });
    const told = (await t.request({ method: 'GET', url: '/api/notifications', cookie: bob.cookie })).json().items.find((n: { path: string; kind: string }) => n.kind === 'post_hidden' && n.path.includes(`#post-${answerId}`));
    expect(told.detail).toContain('after someone reported it');
    expect(JSON.stringify(told)).not.toContain('Rude');
    const after = (await t.request({ method: 'GET', url: '/api/flags?limit=100', cookie: ops.cookie })).json();
    expect(after.items.map((i: { id: number }) => i.id)).not.toContain(flag.id);
    expect((await act(ops, `/api/flags/${flag.id}/resolve`, { resolution: 'dismiss' })).json().error.code).toBe('FLAG_ALREADY_RESOLVED');
    const actions = (await t.db.select().from(auditLog)).filter((e) => e.details.flagId === flag.id || e.subjectId === String(flag.id));
    expect(actions.map((e) => e.action).sort()).toEqual(['flag.resolved', 'post.hidden']);
  });

  it('pages open flags by keyset', async () => {
    for (let i = 0; i < 3; i++) {
      const { answerId } = await thread();
      await act(bob, `/api/posts/${answerId}/flags`, { reason: `Page ${i}` });
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/flags?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url, cookie: ops.cookie })).json();
      seen.push(...page.items.map((i: { id: number }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the audit log', () => {
  it('is for admins only, newest first, by keyset', async () => {
    const { answerId } = await thread();
    await act(ops, `/api/posts/${answerId}/hide`, { reason: 'one' });
    await act(ops, `/api/posts/${answerId}/unhide`);
    for (const person of [alice, ops]) {
      expect((await t.request({ method: 'GET', url: '/api/audit-log', cookie: person.cookie })).statusCode).toBe(403);
    }
    expect((await t.request({ method: 'GET', url: '/api/audit-log' })).statusCode).toBe(401);
    const first = (await t.request({ method: 'GET', url: '/api/audit-log?limit=1', cookie: admin.cookie })).json();
    expect(first.items[0]).toMatchObject({ action: 'post.unhidden', subjectType: 'post', subjectId: String(answerId), actor: { id: ops.id } });
    const second = (await t.request({ method: 'GET', url: `/api/audit-log?limit=1&cursor=${first.nextCursor}`, cookie: admin.cookie })).json();
    expect(second.items[0]).toMatchObject({ action: 'post.hidden', details: { reason: 'one' } });
    const bad = await t.request({ method: 'GET', url: '/api/audit-log?cursor=nonsense', cookie: admin.cookie });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });
});

describe('audit log filters', () => {
  type Entry = { action: string; actor: { id: number } | null; subjectId: string };
  const readLog = async (query: string) => {
    const response = await t.request({ method: 'GET', url: `/api/audit-log?${query}`, cookie: admin.cookie });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: Entry[]; nextCursor: string | null };
  };

  it('lists only one action, or only one actor by e-mail or handle, and both together', async () => {
    const { answerId, questionId } = await thread();
    await act(ops, `/api/posts/${answerId}/hide`, { reason: 'by ops' });
    await act(admin, `/api/posts/${questionId}/hide`, { reason: 'by admin' });
    await act(ops, `/api/posts/${answerId}/unhide`);

    const hidden = await readLog('action=post.hidden&limit=100');
    expect(hidden.items.length).toBeGreaterThanOrEqual(2);
    expect(new Set(hidden.items.map((e) => e.action))).toEqual(new Set(['post.hidden']));

    for (const actor of [ops.email.toUpperCase(), `@${ops.handle}`, ops.handle]) {
      const byOps = await readLog(`actor=${encodeURIComponent(actor)}&limit=100`);
      expect(byOps.items.length).toBeGreaterThanOrEqual(2);
      expect(byOps.items.every((e) => e.actor?.id === ops.id)).toBe(true);
    }

    const both = await readLog(`action=post.hidden&actor=${encodeURIComponent(admin.email)}&limit=100`);
    expect(both.items.map((e) => e.subjectId)).toContain(String(questionId));
    expect(both.items.every((e) => e.action === 'post.hidden' && e.actor?.id === admin.id)).toBe(true);
    expect(both.items.map((e) => e.subjectId)).not.toContain(String(answerId));
  });

  it('keeps the filter on every page of the keyset', async () => {
    const { answerId } = await thread();
    for (const reason of ['a', 'b', 'c']) {
      await act(ops, `/api/posts/${answerId}/hide`, { reason });
      await act(ops, `/api/posts/${answerId}/unhide`);
    }
    const seen: Entry[] = [];
    let page = await readLog(`action=post.unhidden&limit=2`);
    seen.push(...page.items);
    while (page.nextCursor && seen.length < 6) {
      page = await readLog(`action=post.unhidden&limit=2&cursor=${page.nextCursor}`);
      seen.push(...page.items);
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((e) => e.action === 'post.unhidden')).toBe(true);
  });

  it('names the field for an action it does not record or a person it does not know', async () => {
    for (const [query, field] of [
      ['action=admin.manage', 'action'],
      ['actor=nobody%40nowhere.test', 'actor'],
      ['actor=%40', 'actor'],
    ]) {
      const response = await t.request({ method: 'GET', url: `/api/audit-log?${query}`, cookie: admin.cookie });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    expect((await t.request({ method: 'GET', url: '/api/audit-log?action=post.hidden', cookie: ops.cookie })).statusCode).toBe(403);
  });
});

describe('unknown ids', () => {
  it.each([
    ['PATCH', '/api/posts/999999', { body: 'x' }],
    ['GET', '/api/posts/999999/revisions', undefined],
    ['POST', '/api/posts/999999/delete', undefined],
    ['POST', '/api/posts/999999/restore', undefined],
    ['POST', '/api/posts/999999/hide', { reason: 'x' }],
    ['POST', '/api/posts/999999/unhide', undefined],
    ['POST', '/api/posts/999999/flags', { reason: 'x' }],
    ['POST', '/api/flags/999999/resolve', { resolution: 'dismiss' }],
    ['POST', '/api/topics/999999/moderation', { action: 'pin' }],
  ] as const)('%s %s answers 404', async (method, url, body) => {
    const response = await t.request({ method, url, cookie: admin.cookie, body });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('answers 400 naming the field for a malformed id', async () => {
    const response = await t.request({ method: 'POST', url: '/api/posts/abc/hide', cookie: ops.cookie, body: { reason: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('id');
  });
});
