import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { boards, posts } from '@townhall/db';
import { apply, decide, recruitingProgram } from './beta-helpers.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let ops: Person;
let pm: Person;
let reader: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 } });
  ops = await t.signedIn('ops');
  pm = await t.signedIn('pm');
  reader = await t.signedIn('customer', { tier: 'tail' });
  await t.db.insert(boards).values({ slug: 'members-qa', name: 'Members Q&A', kind: 'qa', visibility: 'members' });
});
afterAll(() => t.close());

type Item = {
  postId: number;
  postNumber: number;
  kind: 'topic' | 'reply';
  topic: { id: number; title: string };
  board: { slug: string; name: string; kind: string; visibility: string };
  createdAt: string;
  excerpt: string;
  isAcceptedAnswer: boolean;
  isOfficial: boolean;
  hiddenFromMembers: boolean;
  isDeleted: boolean;
};
type Page = { items: Item[]; nextCursor: string | null };

async function ask(person: Person, title: string, body = 'How does this work?', board = 'qa') {
  const response = await t.request({ method: 'POST', url: `/api/boards/${board}/topics`, cookie: person.cookie, body: { title, body } });
  expect(response.statusCode, response.body).toBe(201);
  const json = response.json();
  return { topicId: json.id as number, postId: json.posts[0].id as number };
}

async function reply(person: Person, topicId: number, body = 'Here is how.') {
  const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
}

async function activityOf(person: Person, as?: Person, query = '') {
  const response = await t.request({ method: 'GET', url: `/api/people/${person.id}/activity${query}`, cookie: as?.cookie });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Page;
}

const postIdsOf = async (person: Person, as?: Person, query = '') => (await activityOf(person, as, query)).items.map((item) => item.postId);

describe('a person’s activity', () => {
  it('lists topics and replies newest first, with where they are and how they start', async () => {
    const alice = await t.signedIn('customer', { tier: 'head' });
    const question = await ask(alice, 'How do I export invoices?', 'I tried **Export** in <em>Billing</em>:\n\n```\ncurl -X POST /export\n```');
    const other = await ask(reader, 'Where is the audit log?');
    const answer = await reply(alice, other.topicId, 'Open *Settings*, then [Audit](https://example.com/audit). '.repeat(10));
    const official = await reply(ops, other.topicId, 'Also under Security.');
    expect((await t.request({ method: 'POST', url: `/api/topics/${other.topicId}/accepted-answer`, cookie: reader.cookie, body: { postId: answer } })).statusCode).toBe(200);

    const { items, nextCursor } = await activityOf(alice);
    expect(nextCursor).toBeNull();
    expect(items).toEqual([
      {
        postId: answer,
        postNumber: 2,
        kind: 'reply',
        topic: { id: other.topicId, title: 'Where is the audit log?' },
        board: { slug: 'qa', name: 'Q&A', kind: 'qa', visibility: 'public' },
        createdAt: expect.any(String),
        excerpt: expect.stringMatching(/^Open Settings, then Audit\. Open Settings.*…$/),
        isAcceptedAnswer: true,
        isOfficial: false,
        hiddenFromMembers: false,
        isDeleted: false,
      },
      {
        postId: question.postId,
        postNumber: 1,
        kind: 'topic',
        topic: { id: question.topicId, title: 'How do I export invoices?' },
        board: { slug: 'qa', name: 'Q&A', kind: 'qa', visibility: 'public' },
        createdAt: expect.any(String),
        excerpt: 'I tried Export in Billing: curl -X POST /export',
        isAcceptedAnswer: false,
        isOfficial: false,
        hiddenFromMembers: false,
        isDeleted: false,
      },
    ]);
    expect(items[0]!.excerpt.length).toBeLessThanOrEqual(201);
    expect(items[0]!.excerpt).not.toMatch(/[<>]/);
    expect((await activityOf(ops, reader)).items).toEqual([expect.objectContaining({ postId: official, isOfficial: true, isAcceptedAnswer: false })]);
  });

  it('pages through everything without gaps or repeats, also across posts written at the same moment', async () => {
    const bob = await t.signedIn('customer', { tier: 'waist' });
    const written: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const { topicId, postId } = await ask(bob, `Question ${i}`);
      written.push(postId, await reply(bob, topicId, `Follow-up ${i}`));
    }
    // Six posts share one moment, before the others: the id breaks the tie, and pages end inside the tie.
    const tied = written.slice(4, 10);
    await t.db.update(posts).set({ createdAt: new Date(Date.now() - 86_400_000) }).where(inArray(posts.id, tied));
    const rest = written.filter((id) => !tied.includes(id));
    const expected = [...rest.reverse(), ...tied.reverse()];

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await activityOf(bob, reader, `?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((item) => item.postId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(expected);
    // The default page is 20: all fourteen at once.
    expect(await postIdsOf(bob, reader)).toEqual(expected);
  });

  it('filters to topics or replies', async () => {
    const carol = await t.signedIn('customer');
    const first = await ask(carol, 'First question');
    const firstReply = await reply(carol, first.topicId, 'Bump');
    const second = await ask(carol, 'Second question');
    const elsewhere = await reply(carol, (await ask(reader, 'Someone else’s')).topicId);
    expect(await postIdsOf(carol, reader)).toEqual([elsewhere, second.postId, firstReply, first.postId]);
    expect(await postIdsOf(carol, reader, '?kind=topics')).toEqual([second.postId, first.postId]);
    expect(await postIdsOf(carol, reader, '?kind=replies')).toEqual([elsewhere, firstReply]);
    expect(await postIdsOf(carol, reader, '?kind=all')).toEqual([elsewhere, second.postId, firstReply, first.postId]);
  });

  it('shows a guest only what is on public boards', async () => {
    const dana = await t.signedIn('customer');
    const open = await ask(dana, 'Public question');
    const membersOnly = await ask(dana, 'Members question', 'Body', 'members-qa');
    const membersReply = await reply(dana, membersOnly.topicId);
    expect(await postIdsOf(dana)).toEqual([open.postId]);
    expect(await postIdsOf(dana, reader)).toEqual([membersReply, membersOnly.postId, open.postId]);
    expect(await postIdsOf(dana, undefined, '?kind=replies')).toEqual([]);
  });

  it('shows a beta feedback area only to accepted participants and staff', async () => {
    const program = await recruitingProgram(t, pm);
    const participant = await t.signedIn('customer', { tier: 'head' });
    const fellow = await t.signedIn('customer', { tier: 'head' });
    const applicant = await t.signedIn('customer', { tier: 'head' });
    const applications = [];
    for (const person of [participant, fellow, applicant]) applications.push((await apply(t, person, program.id)).json().id as number);
    expect((await decide(t, pm, program.id, applications.slice(0, 2), 'accept')).statusCode).toBe(200);
    const open = await ask(participant, 'Public question');
    const feedback = await ask(participant, 'Feedback on bulk export', 'It is fast.', program.feedbackBoard.slug);
    const feedbackReply = await reply(participant, feedback.topicId, 'And it exports everything.');

    const everything = [feedbackReply, feedback.postId, open.postId];
    expect(await postIdsOf(participant, participant)).toEqual(everything);
    expect(await postIdsOf(participant, fellow)).toEqual(everything);
    expect(await postIdsOf(participant, ops)).toEqual(everything);
    expect(await postIdsOf(participant, pm)).toEqual(everything);
    // Applied but not accepted, another customer, a guest: not a trace of the feedback area.
    for (const person of [applicant, reader, undefined]) {
      const page = await activityOf(participant, person);
      expect(page).toEqual({ items: [expect.objectContaining({ postId: open.postId })], nextCursor: null });
    }
    expect((await activityOf(participant, reader, '?limit=1')).nextCursor).toBeNull();
  });

  it('hides hidden and deleted posts and topics from members; staff see them marked, as on the topic page', async () => {
    const erin = await t.signedIn('customer');
    const shown = await ask(erin, 'Shown question');
    const hiddenReply = await reply(erin, (await ask(reader, 'Has a hidden reply')).topicId, 'Rude words');
    expect((await t.request({ method: 'POST', url: `/api/posts/${hiddenReply}/hide`, cookie: ops.cookie, body: { reason: 'Rude' } })).statusCode).toBe(200);
    const hiddenTopic = await ask(reader, 'A topic staff hid');
    const replyInHiddenTopic = await reply(erin, hiddenTopic.topicId);
    expect((await t.request({ method: 'POST', url: `/api/topics/${hiddenTopic.topicId}/moderation`, cookie: ops.cookie, body: { action: 'hide' } })).statusCode).toBe(200);
    const deletedQuestion = await ask(erin, 'Deleted question');
    expect((await t.request({ method: 'POST', url: `/api/posts/${deletedQuestion.postId}/delete`, cookie: erin.cookie })).statusCode).toBe(200);
    const deletedReply = await reply(erin, shown.topicId, 'Never mind');
    expect((await t.request({ method: 'POST', url: `/api/posts/${deletedReply}/delete`, cookie: erin.cookie })).statusCode).toBe(200);

    for (const person of [reader, erin, undefined]) {
      expect(await postIdsOf(erin, person)).toEqual([shown.postId]);
      expect((await activityOf(erin, person, '?limit=1')).nextCursor).toBeNull();
    }
    const staffView = (await activityOf(erin, ops)).items;
    expect(staffView.map((item) => [item.postId, item.hiddenFromMembers, item.isDeleted])).toEqual([
      [deletedReply, false, true],
      [deletedQuestion.postId, false, true],
      [replyInHiddenTopic, true, false],
      [hiddenReply, true, false],
      [shown.postId, false, false],
    ]);
  });

  it('never shows comments on a release note that is a draft or scheduled, except to staff', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/boards/release-notes/release-notes',
      cookie: pm.cookie,
      body: { title: 'Bulk export', version: '9.1', introduction: 'Export many.', scenarios: 'Often.', precautions: 'None.', publish: 'now' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const noteId = created.json().id as number;
    const frank = await t.signedIn('customer');
    const comment = await reply(frank, noteId, 'Finally!');
    expect((await activityOf(frank)).items).toEqual([
      expect.objectContaining({ postId: comment, kind: 'reply', topic: { id: noteId, title: 'Bulk export' }, board: expect.objectContaining({ kind: 'release_notes' }) }),
    ]);

    const unpublish = await t.request({ method: 'PATCH', url: `/api/release-notes/${noteId}`, cookie: pm.cookie, body: { publish: 'draft' } });
    expect(unpublish.statusCode, unpublish.body).toBe(200);
    for (const person of [frank, reader, undefined]) expect(await postIdsOf(frank, person)).toEqual([]);
    expect((await activityOf(frank, ops)).items).toEqual([expect.objectContaining({ postId: comment, hiddenFromMembers: true })]);

    const schedule = await t.request({
      method: 'PATCH',
      url: `/api/release-notes/${noteId}`,
      cookie: pm.cookie,
      body: { publish: 'at', publishAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(schedule.statusCode, schedule.body).toBe(200);
    expect(await postIdsOf(frank, reader)).toEqual([]);
    expect(await postIdsOf(frank, pm)).toEqual([comment]);
  });

  it('answers an empty list for someone who wrote nothing', async () => {
    const quiet = await t.signedIn('customer');
    expect(await activityOf(quiet)).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor it did not give out, naming the field', async () => {
    for (const cursor of ['nonsense', Buffer.from('newest|2026-03-01T08:30:00.123Z|1').toString('base64url')]) {
      const response = await t.request({ method: 'GET', url: `/api/people/${reader.id}/activity?cursor=${cursor}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
    }
    const badKind = await t.request({ method: 'GET', url: `/api/people/${reader.id}/activity?kind=drafts` });
    expect(badKind.statusCode).toBe(400);
  });

  it('answers 404 for someone who does not exist', async () => {
    const response = await t.request({ method: 'GET', url: '/api/people/987654321/activity', cookie: reader.cookie });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });
});
