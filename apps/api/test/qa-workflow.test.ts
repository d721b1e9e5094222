import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, topicVotes } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

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

const ask = async (person: Person, title: string, extra: Record<string, unknown> = {}) => {
  const response = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: person.cookie, body: { title, body: 'x', ...extra } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
};
const answer = async (person: Person, topicId: number, body = 'an answer') =>
  (await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body } })).json().id as number;
const getTopic = (topicId: number, person?: Person) => t.request({ method: 'GET', url: `/api/topics/${topicId}`, cookie: person?.cookie });
const list = async (query: string, person?: Person) => {
  const response = await t.request({ method: 'GET', url: `/api/boards/qa/topics?${query}`, cookie: person?.cookie });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: { id: number; voteCount: number; tags: string[] }[]; nextCursor: string | null };
};

describe('"me too" votes', () => {
  it('counts one vote per person, exactly, under concurrent clicks', async () => {
    const topicId = await ask(alice, 'Vote race');
    const voters = await Promise.all(Array.from({ length: 8 }, () => t.signedIn('customer')));
    const clicks = voters.flatMap((voter) => [voter, voter, voter]).map((voter) =>
      t.request({ method: 'PUT', url: `/api/topics/${topicId}/vote`, cookie: voter.cookie }),
    );
    const responses = await Promise.all(clicks);
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const topic = (await getTopic(topicId, voters[0])).json();
    expect(topic.voteCount).toBe(8);
    expect(topic.viewerVoted).toBe(true);
    expect(await t.db.select().from(topicVotes).where(eq(topicVotes.topicId, topicId))).toHaveLength(8);
  });

  it('withdraws a vote, and withdrawing twice changes nothing', async () => {
    const topicId = await ask(alice, 'Unvote');
    await t.request({ method: 'PUT', url: `/api/topics/${topicId}/vote`, cookie: bob.cookie });
    const first = await t.request({ method: 'DELETE', url: `/api/topics/${topicId}/vote`, cookie: bob.cookie });
    const second = await t.request({ method: 'DELETE', url: `/api/topics/${topicId}/vote`, cookie: bob.cookie });
    expect(first.json()).toEqual({ voteCount: 0, viewerVoted: false });
    expect(second.json()).toEqual({ voteCount: 0, viewerVoted: false });
  });

  it("refuses the asker's own vote", async () => {
    const topicId = await ask(alice, 'Own vote');
    const response = await t.request({ method: 'PUT', url: `/api/topics/${topicId}/vote`, cookie: alice.cookie });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('OWN_TOPIC');
    expect((await getTopic(topicId, alice)).json().canVote).toBe(false);
  });
});

describe('accepting an answer', () => {
  it('lets the asker accept; the question is solved and the answer comes first', async () => {
    const topicId = await ask(alice, 'Accept me');
    const first = await answer(bob, topicId, 'first');
    const second = await answer(ops, topicId, 'second');
    const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: alice.cookie, body: { postId: first } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ status: 'solved', closedReason: null, acceptedPostId: first });
    const topic = (await getTopic(topicId)).json();
    expect(topic.acceptedPostId).toBe(first);
    expect(topic.posts.map((p: { id: number }) => p.id).slice(1)).toEqual([first, second]);
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, String(topicId)));
    expect(audited.map((row) => row.action)).toContain('topic.answer_accepted');
  });

  it('shows the accepted answer before earlier replies', async () => {
    const topicId = await ask(alice, 'Order');
    const early = await answer(bob, topicId, 'early');
    const late = await answer(bob, topicId, 'late');
    await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: ops.cookie, body: { postId: late } });
    const ids = (await getTopic(topicId)).json().posts.map((p: { id: number }) => p.id);
    expect(ids.slice(1)).toEqual([late, early]);
  });

  it('refuses another customer', async () => {
    const topicId = await ask(alice, 'Not yours');
    const reply = await answer(bob, topicId);
    const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: bob.cookie, body: { postId: reply } });
    expect(response.statusCode).toBe(403);
    expect((await getTopic(topicId, bob)).json().canAccept).toBe(false);
    expect((await getTopic(topicId, alice)).json().canAccept).toBe(true);
  });

  it('refuses the question itself or a post of another topic, naming postId', async () => {
    const topicId = await ask(alice, 'Which post');
    const other = await ask(alice, 'Other');
    const otherReply = await answer(bob, other);
    const questionPost = (await getTopic(topicId)).json().posts[0].id;
    for (const postId of [questionPost, otherReply, 99_999_999]) {
      const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: alice.cookie, body: { postId } });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.field).toBe('postId');
    }
  });

  it('falls back to answered when acceptance is withdrawn after a staff reply', async () => {
    const topicId = await ask(alice, 'Withdraw');
    const reply = await answer(ops, topicId);
    await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: alice.cookie, body: { postId: reply } });
    const response = await t.request({ method: 'DELETE', url: `/api/topics/${topicId}/accepted-answer`, cookie: alice.cookie });
    expect(response.json()).toEqual({ status: 'answered', closedReason: null, acceptedPostId: null });
  });
});

describe('status', () => {
  it('lets staff close with a reason and reopen', async () => {
    const topicId = await ask(alice, 'Close me');
    const closed = await t.request({ method: 'POST', url: `/api/topics/${topicId}/status`, cookie: ops.cookie, body: { status: 'closed', reason: 'duplicate' } });
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: 'duplicate' });
    expect((await getTopic(topicId)).json()).toMatchObject({ status: 'closed', closedReason: 'duplicate' });
    const reopened = await t.request({ method: 'POST', url: `/api/topics/${topicId}/status`, cookie: ops.cookie, body: { status: 'open' } });
    expect(reopened.json()).toMatchObject({ status: 'open', closedReason: null });
  });

  it.each([
    [{ status: 'closed' }, 'reason'],
    [{ status: 'open', reason: 'duplicate' }, 'reason'],
    [{ status: 'solved' }, 'status'],
    [{ status: 'archived' }, 'status'],
    [{ status: 'closed', reason: 'because' }, 'reason'],
  ])('rejects %j naming %s', async (body, field) => {
    const topicId = await ask(alice, 'Bad status');
    const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/status`, cookie: ops.cookie, body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it('refuses customers', async () => {
    const topicId = await ask(alice, 'Customer status');
    const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/status`, cookie: alice.cookie, body: { status: 'closed', reason: 'off-topic' } });
    expect(response.statusCode).toBe(403);
  });
});

describe('sorting and filtering the board', () => {
  it('orders by votes with keyset pages that neither skip nor repeat', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await ask(alice, `Votes ${i}`, { tags: ['vote-sort'] }));
    const voters = await Promise.all(Array.from({ length: 3 }, () => t.signedIn('customer')));
    // Topic i gets i % 4 votes: several ties, broken by recency.
    for (const [i, id] of ids.entries()) {
      for (const voter of voters.slice(0, i % 4)) await t.request({ method: 'PUT', url: `/api/topics/${id}/vote`, cookie: voter.cookie });
    }
    const seen: { id: number; voteCount: number }[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(`sort=votes&tag=vote-sort&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const expected = ids
      .map((id, i) => ({ id, voteCount: i % 4 }))
      .sort((a, b) => b.voteCount - a.voteCount || b.id - a.id);
    expect(seen.map(({ id, voteCount }) => ({ id, voteCount }))).toEqual(expected);
  });

  it('filters unanswered and unsolved questions', async () => {
    const unanswered = await ask(alice, 'Nobody replied', { tags: ['filters'] });
    const answered = await ask(alice, 'Someone replied', { tags: ['filters'] });
    const replyId = await answer(bob, answered);
    const solved = await ask(alice, 'Solved one', { tags: ['filters'] });
    const solvedReply = await answer(ops, solved);
    await t.request({ method: 'POST', url: `/api/topics/${solved}/accepted-answer`, cookie: alice.cookie, body: { postId: solvedReply } });
    expect(replyId).toBeGreaterThan(0);
    expect((await list('filter=unanswered&tag=filters')).items.map((i) => i.id)).toEqual([unanswered]);
    expect((await list('filter=unsolved&tag=filters')).items.map((i) => i.id)).toEqual([answered, unanswered]);
  });

  it('stores normalized tags and filters by them', async () => {
    const id = await ask(alice, 'Tagged', { tags: ['Audit Log', 'SSO', 'sso'] });
    expect((await getTopic(id)).json().tags).toEqual(['audit-log', 'sso']);
    expect((await list('tag=audit-log')).items.map((i) => i.id)).toContain(id);
    expect((await list('tag=AUDIT-LOG')).items.map((i) => i.id)).toContain(id);
  });

  it('rejects a bad tag naming the field', async () => {
    const response = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: alice.cookie, body: { title: 'T', body: 'x', tags: ['<b>'] } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('tags');
  });

  it('filters by tier for staff only', async () => {
    const head = await ask(alice, 'From a head account', { tags: ['tiers'] });
    const tail = await ask(bob, 'From a tail account', { tags: ['tiers'] });
    expect((await list('tier=head&tag=tiers', ops)).items.map((i) => i.id)).toEqual([head]);
    expect((await list('tier=tail&tag=tiers', ops)).items.map((i) => i.id)).toEqual([tail]);
    const asCustomer = await t.request({ method: 'GET', url: '/api/boards/qa/topics?tier=head', cookie: alice.cookie });
    expect(asCustomer.statusCode).toBe(403);
    expect(asCustomer.json().error.field).toBe('tier');
  });

  it('refuses a cursor made for another order', async () => {
    await ask(alice, 'Cursor one');
    await ask(alice, 'Cursor two');
    const page = await list('limit=1');
    const response = await t.request({ method: 'GET', url: `/api/boards/qa/topics?sort=votes&cursor=${page.nextCursor}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_CURSOR');
  });
});

describe('markdown preview', () => {
  it('renders like the write path, sanitized', async () => {
    const response = await t.request({ method: 'POST', url: '/api/markdown/preview', cookie: bob.cookie, body: { body: '**b** <script>x()</script>' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().html).toContain('<strong>b</strong>');
    expect(response.json().html).not.toContain('<script');
  });
});
