import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, postRevisions, posts, topics } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

// Tags change after asking, on the opening post's edit: kept in the revision like the title.

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

let seq = 0;
async function ask(tags: string[]) {
  const response = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: alice.cookie, body: { title: `Tagged ${++seq}`, body: 'Question', tags } });
  expect(response.statusCode, response.body).toBe(201);
  return { topicId: response.json().id as number, questionId: response.json().posts[0].id as number };
}
const edit = (person: Person, postId: number, body: unknown) => t.request({ method: 'PATCH', url: `/api/posts/${postId}`, cookie: person.cookie, body });
const tagsOf = async (topicId: number) => (await t.db.select({ tags: topics.tags }).from(topics).where(eq(topics.id, topicId)))[0]!.tags;
const revisionCount = async (postId: number) => (await t.db.select({ revision: posts.currentRevision }).from(posts).where(eq(posts.id, postId)))[0]!.revision;

describe('editing tags', () => {
  it('lets the asker change them, keeps each version in the revisions, and the board filters by the new ones', async () => {
    const { topicId, questionId } = await ask(['export']);
    const edited = await edit(alice, questionId, { body: 'Question', tags: [' SSO ', 'Audit Log', 'sso'] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await tagsOf(topicId)).toEqual(['sso', 'audit-log']);

    const history = (await t.request({ method: 'GET', url: `/api/posts/${questionId}/revisions`, cookie: alice.cookie })).json();
    expect(history.topicTags).toEqual(['sso', 'audit-log']);
    expect(history.revisions.map((revision: { tags: string[] | null }) => revision.tags)).toEqual([['export'], ['sso', 'audit-log']]);

    const byTag = (tag: string) => t.request({ method: 'GET', url: `/api/boards/qa/topics?tag=${tag}` });
    expect((await byTag('audit-log')).json().items.map((item: { id: number }) => item.id)).toContain(topicId);
    expect((await byTag('export')).json().items.map((item: { id: number }) => item.id)).not.toContain(topicId);

    // An edit without tags keeps them, and says so in its revision.
    expect((await edit(alice, questionId, { body: 'Question, clearer' })).statusCode).toBe(200);
    expect(await tagsOf(topicId)).toEqual(['sso', 'audit-log']);
    const [latest] = await t.db.select({ tags: postRevisions.tags }).from(postRevisions).where(eq(postRevisions.postId, questionId)).orderBy(postRevisions.revision).limit(1).offset(2);
    expect(latest!.tags).toEqual(['sso', 'audit-log']);

    // Every tag removed.
    expect((await edit(alice, questionId, { body: 'Question, clearer', tags: [] })).statusCode).toBe(200);
    expect(await tagsOf(topicId)).toEqual([]);
  });

  it('refuses a bad tag, too many, or tags on a reply, naming the field and writing nothing', async () => {
    const { topicId, questionId } = await ask(['export']);
    const reply = (await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: bob.cookie, body: { body: 'Answer' } })).json();
    for (const [postId, body] of [
      [questionId, { body: 'Q', tags: ['no spaces!'] }],
      [questionId, { body: 'Q', tags: ['a', 'b', 'c', 'd', 'e', 'f'] }],
      [questionId, { body: 'Q', tags: ['x'.repeat(31)] }],
      [reply.id, { body: 'A', tags: ['export'] }],
    ] as const) {
      const refused = await edit(postId === questionId ? alice : bob, postId, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().error.field).toMatch(/^tags/);
    }
    expect(await tagsOf(topicId)).toEqual(['export']);
    expect(await revisionCount(questionId)).toBe(1);
    expect(await revisionCount(reply.id)).toBe(1);
  });

  it('audits a staff change of someone else’s tags, before and after', async () => {
    const { questionId } = await ask(['export']);
    expect((await edit(ops, questionId, { body: 'Question', tags: ['reports'] })).statusCode).toBe(200);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, String(questionId)));
    expect(entry).toMatchObject({ action: 'post.edited', actorId: ops.id, details: { revision: 2, changes: { tags: { from: ['export'], to: ['reports'] } } } });
  });
});
