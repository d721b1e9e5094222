import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askOn, replyTo } from './posting-helpers.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

// A hidden or deleted reply is greyed out for staff and absent for everyone else: the counts
// everyone else reads (board lists, the topic, similar questions, "unanswered", "official answer")
// must not tell them it is there.

let t: TestApp;
let asker: Person;
let spammer: Person;
let reader: Person;
let ops: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 }, searchesPerMinute: 1000 });
  asker = await t.signedIn('customer');
  spammer = await t.signedIn('customer');
  reader = await t.signedIn('customer');
  ops = await t.signedIn('ops');
});
afterAll(() => t.close());

const get = (url: string, person?: Person) => t.request({ method: 'GET', url, cookie: person?.cookie });

async function moderate(postId: number, action: 'hide' | 'unhide' | 'delete' | 'restore', person = ops) {
  const response = await t.request({ method: 'POST', url: `/api/posts/${postId}/${action}`, cookie: person.cookie, body: action === 'hide' ? { reason: 'spam' } : {} });
  expect(response.statusCode, response.body).toBe(200);
}

async function listed(topicId: number, person?: Person, filter = 'all') {
  const items = (await get(`/api/boards/qa/topics?limit=100&filter=${filter}`, person)).json().items as { id: number; replyCount: number; hasOfficialAnswer: boolean }[];
  return items.find((item) => item.id === topicId);
}

describe('reply counts', () => {
  it('leave out a hidden reply for customers and guests, everywhere they are shown, and keep it for staff', async () => {
    const topicId = await askOn(t, asker, 'qa', 'Zebracount export question');
    await replyTo(t, reader, topicId, 'A real answer');
    const spam = await replyTo(t, spammer, topicId, 'Buy cheap things at example.com');
    await moderate(spam, 'hide');

    expect((await get(`/api/topics/${topicId}`, reader)).json().replyCount).toBe(1);
    expect((await listed(topicId, reader))!.replyCount).toBe(1);
    expect((await listed(topicId))!.replyCount).toBe(1);
    const similar = (await get('/api/search/similar-questions?title=zebracount', reader)).json().items as { id: number; replyCount: number }[];
    expect(similar.find((item) => item.id === topicId)!.replyCount).toBe(1);
    // Staff are shown the hidden reply, greyed out, so they count it.
    expect((await get(`/api/topics/${topicId}`, ops)).json().replyCount).toBe(2);
    expect((await listed(topicId, ops))!.replyCount).toBe(2);

    await moderate(spam, 'unhide');
    expect((await get(`/api/topics/${topicId}`, reader)).json().replyCount).toBe(2);
  });

  it('leave out a reply its author deleted, until staff restore it', async () => {
    const topicId = await askOn(t, asker, 'qa', 'Deleted reply question');
    const reply = await replyTo(t, reader, topicId, 'Posted by mistake');
    await moderate(reply, 'delete', reader);
    expect((await listed(topicId, asker))!.replyCount).toBe(0);
    expect((await get(`/api/topics/${topicId}`, ops)).json().replyCount).toBe(1);
    await moderate(reply, 'restore');
    expect((await listed(topicId, asker))!.replyCount).toBe(1);
  });

  it('count a reply both hidden and deleted once', async () => {
    const topicId = await askOn(t, asker, 'qa', 'Hidden and deleted reply question');
    const reply = await replyTo(t, spammer, topicId, 'Spam, then deleted');
    await moderate(reply, 'hide');
    await moderate(reply, 'delete');
    expect((await listed(topicId, ops))!.replyCount).toBe(1);
    expect((await listed(topicId, reader))!.replyCount).toBe(0);
    await moderate(reply, 'unhide');
    expect((await listed(topicId, reader))!.replyCount).toBe(0);
    await moderate(reply, 'restore');
    expect((await listed(topicId, reader))!.replyCount).toBe(1);
  });
});

describe('unanswered questions', () => {
  it('include one whose only reply is hidden, for staff looking for questions to answer too', async () => {
    const topicId = await askOn(t, asker, 'qa', 'Only spam so far');
    const spam = await replyTo(t, spammer, topicId, 'Spam');
    expect(await listed(topicId, ops, 'unanswered')).toBeUndefined();
    await moderate(spam, 'hide');
    expect(await listed(topicId, ops, 'unanswered')).toBeDefined();
    expect(await listed(topicId, reader, 'unanswered')).toBeDefined();
  });
});

describe('the official answer mark', () => {
  it('goes when the only staff answer is hidden and comes back when it is shown again', async () => {
    const topicId = await askOn(t, asker, 'qa', 'Official answer later hidden');
    expect((await listed(topicId, reader))!.hasOfficialAnswer).toBe(false);
    const answer = await replyTo(t, ops, topicId, 'Internal: this is a known bug in the billing service.');
    expect((await listed(topicId, reader))!.hasOfficialAnswer).toBe(true);
    await moderate(answer, 'hide');
    expect((await listed(topicId, reader))!.hasOfficialAnswer).toBe(false);
    expect((await listed(topicId, ops))!.hasOfficialAnswer).toBe(false);
    await moderate(answer, 'unhide');
    expect((await listed(topicId))!.hasOfficialAnswer).toBe(true);
  });

  it('stays while another staff answer is shown', async () => {
    const topicId = await askOn(t, asker, 'qa', 'Two official answers');
    const first = await replyTo(t, ops, topicId, 'First official answer');
    await replyTo(t, ops, topicId, 'Second official answer');
    await moderate(first, 'delete');
    expect((await listed(topicId, reader))!.hasOfficialAnswer).toBe(true);
  });
});

describe('release note comment counts', () => {
  it('leave out a hidden comment for customers', async () => {
    const pm = await t.signedIn('pm');
    const note = await t.request({
      method: 'POST',
      url: '/api/boards/release-notes/release-notes',
      cookie: pm.cookie,
      body: { title: 'Townhall 8.0', version: '8.0.0', introduction: 'New', scenarios: 'All', precautions: 'None', publish: 'now' },
    });
    expect(note.statusCode, note.body).toBe(201);
    const noteId = note.json().id as number;
    const comment = await replyTo(t, spammer, noteId, 'Spam under the release note');
    await moderate(comment, 'hide');
    const count = async (person: Person) => {
      const items = (await get('/api/release-notes', person)).json().items as { id: number; commentCount: number }[];
      return items.find((item) => item.id === noteId)!.commentCount;
    };
    expect(await count(reader)).toBe(0);
    expect(await count(pm)).toBe(1);
  });
});
