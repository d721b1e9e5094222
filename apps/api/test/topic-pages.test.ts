import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { askOn, replyTo, seedReplies } from './posting-helpers.ts';

// Long topics load in pages of replies by post number: `after`, `before` and `near` (keyset),
// with the opening post and the accepted answer on every page.

type PostOut = { id: number; postNumber: number; isHidden?: boolean; isDeleted?: boolean };
type Page = { limit: number; total: number; firstPostNumber: number | null; lastPostNumber: number | null; hasEarlier: boolean; earlierCount: number; hasLater: boolean; laterCount: number };
type Detail = { acceptedPostId: number | null; posts: PostOut[]; page: Page };

let t: TestApp;
let asker: Person;
let other: Person;
let ops: Person;
let topicId: number;
/** Post ids by post number (2 to 131 are the seeded replies). */
const idOf = new Map<number, number>();

const replies = 130;
const lastNumber = replies + 1;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  asker = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  other = await t.signedIn('customer', { organization: 'TinyCo', tier: 'tail' });
  ops = await t.signedIn('ops');
  topicId = await askOn(t, asker, 'qa', 'A hot thread', 'Everyone has something to say');
  const ids = await seedReplies(t, topicId, other.id, replies);
  ids.forEach((id, i) => idOf.set(i + 2, id));
});
afterAll(() => t.close());

const read = (query: string, person: Person | undefined = asker, id = topicId) =>
  t.request({ method: 'GET', url: `/api/topics/${id}${query}`, cookie: person?.cookie });

async function detail(query: string, person: Person | undefined = asker): Promise<Detail> {
  const response = await read(query, person);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Detail;
}

/** The window's replies: what follows the opening post and the accepted answer. */
function windowOf(topic: Detail): number[] {
  return topic.posts.filter((post) => post.postNumber !== 1 && post.id !== topic.acceptedPostId).map((post) => post.postNumber);
}

/** Every reply number a reader reaches by following `after` from the first page. */
async function walkForwards(person: Person | undefined, query = ''): Promise<{ numbers: number[]; pages: Detail[] }> {
  const pages: Detail[] = [];
  let topic = await detail(query, person);
  pages.push(topic);
  while (topic.page.hasLater) {
    topic = await detail(`?after=${topic.page.lastPostNumber}`, person);
    pages.push(topic);
  }
  const numbers = pages.flatMap((page) => page.posts.filter((post) => post.postNumber !== 1).map((post) => post.postNumber));
  return { numbers: [...new Set(numbers)].sort((a, b) => a - b), pages };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('pages of replies', () => {
  it('returns the opening post and the first 50 replies without parameters', async () => {
    const topic = await detail('');
    expect(topic.posts[0]!.postNumber).toBe(1);
    expect(topic.posts.map((post) => post.postNumber)).toEqual([1, ...range(2, 51)]);
    expect(topic.page).toEqual({ limit: 50, total: 130, firstPostNumber: 2, lastPostNumber: 51, hasEarlier: false, earlierCount: 0, hasLater: true, laterCount: 80 });
  });

  it('walks forwards with `after` through every reply once, without gaps', async () => {
    const pages: Detail[] = [await detail('')];
    while (pages.at(-1)!.page.hasLater) pages.push(await detail(`?after=${pages.at(-1)!.page.lastPostNumber}`));
    expect(pages.map((page) => windowOf(page).length)).toEqual([50, 50, 30]);
    expect(pages.flatMap(windowOf)).toEqual(range(2, lastNumber));
    for (const page of pages) expect(page.posts[0]!.postNumber).toBe(1);
    expect(pages.at(-1)!.page).toMatchObject({ firstPostNumber: 102, lastPostNumber: 131, hasEarlier: true, earlierCount: 100, hasLater: false, laterCount: 0 });
  });

  it('walks backwards with `before` from past the end to the first reply', async () => {
    const pages: Detail[] = [await detail(`?before=${lastNumber + 1}`)];
    while (pages.at(-1)!.page.hasEarlier) pages.push(await detail(`?before=${pages.at(-1)!.page.firstPostNumber}`));
    expect(pages.map((page) => windowOf(page).length)).toEqual([50, 50, 30]);
    expect(pages.reverse().flatMap(windowOf)).toEqual(range(2, lastNumber));
    expect(pages[0]!.page).toMatchObject({ firstPostNumber: 2, lastPostNumber: 31, hasEarlier: false, hasLater: true, laterCount: 100 });
  });

  it('takes a smaller `limit` up to 100', async () => {
    expect(windowOf(await detail('?after=10&limit=7'))).toEqual(range(11, 17));
    const topic = await detail('?limit=100');
    expect(windowOf(topic)).toEqual(range(2, 101));
    expect(topic.page).toMatchObject({ limit: 100, laterCount: 30 });
  });

  it('answers an empty window past the end, still with the opening post', async () => {
    const topic = await detail('?after=500');
    expect(topic.posts.map((post) => post.postNumber)).toEqual([1]);
    expect(topic.page).toMatchObject({ firstPostNumber: null, lastPostNumber: null, hasEarlier: true, earlierCount: 130, hasLater: false, total: 130 });
  });
});

describe('a link to a post (`near`)', () => {
  it('opens the page that holds the post, with the replies before it for context', async () => {
    const topic = await detail(`?near=${idOf.get(100)}`);
    const window = windowOf(topic);
    expect(window).toContain(100);
    expect(window).toEqual(range(60, 109));
    expect(topic.page).toMatchObject({ firstPostNumber: 60, lastPostNumber: 109, earlierCount: 58, laterCount: 22 });
  });

  it('opens the first page for a post on it, and for the opening post', async () => {
    expect(windowOf(await detail(`?near=${idOf.get(20)}`))).toEqual(range(2, 51));
    const opening = (await detail('')).posts[0]!.id;
    expect(windowOf(await detail(`?near=${opening}`))).toEqual(range(2, 51));
  });

  it('fills the window with earlier replies for the last reply', async () => {
    const topic = await detail(`?near=${idOf.get(lastNumber)}`);
    expect(windowOf(topic)).toEqual(range(82, 131));
    expect(topic.page).toMatchObject({ hasLater: false, laterCount: 0, earlierCount: 80 });
  });

  it('ignores a post of another topic or one that does not exist', async () => {
    const otherTopic = await askOn(t, other, 'qa', 'Another thread');
    const foreign = await replyTo(t, ops, otherTopic, 'Elsewhere');
    for (const near of [foreign, 999_999_999]) {
      const topic = await detail(`?near=${near}`);
      expect(windowOf(topic)).toEqual(range(2, 51));
      expect(topic.page.hasEarlier).toBe(false);
    }
  });
});

describe('validation', () => {
  it.each([
    ['?after=abc', 'after'],
    ['?after=0', 'after'],
    ['?after=-3', 'after'],
    ['?after=1.5', 'after'],
    ['?after=99999999999', 'after'],
    ['?before=x', 'before'],
    ['?near=abc', 'near'],
    ['?near=0', 'near'],
    ['?near=99999999999999999999', 'near'],
    ['?limit=0', 'limit'],
    ['?limit=101', 'limit'],
    ['?after=3&near=5', 'near'],
    ['?after=3&before=9', 'before'],
    ['?page=2', 'page'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await read(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });
});

describe('the accepted answer', () => {
  it('comes second on every page and once on its own page', async () => {
    const accepted = idOf.get(77)!;
    const accept = await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: asker.cookie, body: { postId: accepted } });
    expect(accept.statusCode, accept.body).toBe(200);
    try {
      const { pages } = await walkForwards(asker);
      expect(pages).toHaveLength(3);
      for (const page of pages) expect(page.posts.slice(0, 2).map((post) => post.postNumber)).toEqual([1, 77]);
      // On the page it falls in, it is moved up, not repeated; the window still counts it.
      expect(pages[1]!.posts.filter((post) => post.id === accepted)).toHaveLength(1);
      expect(pages[1]!.posts).toHaveLength(51);
      expect(pages[1]!.page).toMatchObject({ firstPostNumber: 52, lastPostNumber: 101 });
      expect((await detail(`?near=${accepted}`)).posts.slice(0, 2).map((post) => post.postNumber)).toEqual([1, 77]);
    } finally {
      await t.request({ method: 'DELETE', url: `/api/topics/${topicId}/accepted-answer`, cookie: asker.cookie });
    }
  });
});

describe('hidden replies', () => {
  const hiddenNumbers = [5, 60, 130];

  beforeAll(async () => {
    for (const number of hiddenNumbers) {
      const response = await t.request({ method: 'POST', url: `/api/posts/${idOf.get(number)}/hide`, cookie: ops.cookie, body: { reason: 'Off topic' } });
      expect(response.statusCode, response.body).toBe(200);
    }
    // A deleted reply counts like a hidden one.
    const deleted = await t.request({ method: 'POST', url: `/api/posts/${idOf.get(90)}/delete`, cookie: ops.cookie, body: {} });
    expect(deleted.statusCode, deleted.body).toBe(200);
  });
  afterAll(async () => {
    for (const number of hiddenNumbers) await t.request({ method: 'POST', url: `/api/posts/${idOf.get(number)}/unhide`, cookie: ops.cookie, body: {} });
    await t.request({ method: 'POST', url: `/api/posts/${idOf.get(90)}/restore`, cookie: ops.cookie, body: {} });
  });

  const visible = range(2, lastNumber).filter((n) => ![...hiddenNumbers, 90].includes(n));

  it.each([
    ['a customer', () => asker],
    ['a guest', () => undefined],
  ])('never reach %s, and pages still hold 50 visible replies', async (_who, person) => {
    const { numbers, pages } = await walkForwards(person());
    expect(numbers).toEqual(visible);
    expect(pages.flatMap((page) => page.posts).some((post) => post.isHidden || post.isDeleted)).toBe(false);
    expect(windowOf(pages[0]!)).toHaveLength(50);
    expect(pages[0]!.page).toMatchObject({ total: 126, firstPostNumber: 2, lastPostNumber: 52, laterCount: 76 });
    expect(pages.at(-1)!.page).toMatchObject({ earlierCount: 100, laterCount: 0 });
  });

  it('reach staff, marked, with every reply counted', async () => {
    const { numbers, pages } = await walkForwards(ops);
    expect(numbers).toEqual(range(2, lastNumber));
    expect(pages[0]!.page).toMatchObject({ total: 130, lastPostNumber: 51 });
    expect(pages[0]!.posts.find((post) => post.postNumber === 5)!.isHidden).toBe(true);
  });

  it('answer `near` a hidden reply as if it pointed nowhere for a customer, and open it for staff', async () => {
    const hidden = idOf.get(60)!;
    const forCustomer = await detail(`?near=${hidden}`, asker);
    expect(forCustomer).toEqual(await detail('', asker));
    const forStaff = await detail(`?near=${hidden}`, ops);
    expect(windowOf(forStaff)).toEqual(range(20, 69));
  });

  it('count the context before a linked post in visible replies only', async () => {
    const topic = await detail(`?near=${idOf.get(100)}`, asker);
    const window = windowOf(topic);
    expect(window).toHaveLength(50);
    expect(window.slice(0, 40)).toEqual(visible.filter((n) => n < 100).slice(-40));
    expect(window).not.toContain(90);
    expect(topic.page.earlierCount + window.length + topic.page.laterCount).toBe(126);
  });
});
