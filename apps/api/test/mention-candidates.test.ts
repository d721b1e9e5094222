import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { topics, users } from '@townhall/db';
import type { MemberRole } from '@townhall/domain';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { askOn, replyTo } from './posting-helpers.ts';

let t: TestApp;
let viewer: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 }, mentionLookupsPerMinute: 10_000 });
  viewer = await t.signedIn('customer', { tier: 'head', organization: 'Viewer Org' });
});
afterAll(() => t.close());

/** A signed-in person with the handle and display name a test needs. */
async function person(handle: string, displayName: string, role: MemberRole = 'customer', organization?: string): Promise<Person> {
  const signedIn = await t.signedIn(role, organization ? { organization } : {});
  await t.db.update(users).set({ handle, displayName }).where(eq(users.id, signedIn.id));
  return { ...signedIn, handle };
}

type Candidate = { id: number; handle: string; displayName: string; isStaff: boolean };

function lookUp(q: string, options: { topicId?: number; as?: Person | null } = {}) {
  const query = new URLSearchParams({ q });
  if (options.topicId !== undefined) query.set('topicId', String(options.topicId));
  const as = options.as === undefined ? viewer : options.as;
  return t.request({ method: 'GET', url: `/api/people/mention-candidates?${query}`, cookie: as?.cookie });
}

async function handlesFor(q: string, options: { topicId?: number; as?: Person | null } = {}): Promise<string[]> {
  const response = await lookUp(q, options);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as Candidate[]).map((item) => item.handle);
}

describe('matching', () => {
  beforeAll(async () => {
    await person('mara.lopez', 'Mara Lopez');
    await person('marcus', 'Marcus Weber', 'ops');
    await person('jq', 'Jun Quixote');
    await person('li.lei', '李雷');
    await person('elodie', 'Élodie Martin');
    await person('under_score', 'Someone Else');
  });

  it('finds handles and display-name words that start with the query, ordered by handle', async () => {
    expect(await handlesFor('mara')).toEqual(['mara.lopez']);
    // Élodie Martin by her last name.
    expect(await handlesFor('mar')).toEqual(['elodie', 'mara.lopez', 'marcus']);
  });

  it('finds a later word of the display name', async () => {
    expect(await handlesFor('quix')).toEqual(['jq']);
    expect(await handlesFor('lop')).toEqual(['mara.lopez']);
  });

  it('ignores case, in handles and names', async () => {
    expect(await handlesFor('MAR')).toEqual(['elodie', 'mara.lopez', 'marcus']);
    expect(await handlesFor('QuIx')).toEqual(['jq']);
    expect(await handlesFor('élo')).toEqual(['elodie']);
  });

  it('finds Chinese names by their leading characters', async () => {
    expect(await handlesFor('李')).toEqual(['li.lei']);
    expect(await handlesFor('李雷')).toEqual(['li.lei']);
  });

  it('does not treat LIKE wildcards in the query as wildcards', async () => {
    expect(await handlesFor('under_')).toEqual(['under_score']);
    expect(await handlesFor('unde%')).toEqual([]);
    expect(await handlesFor('m_r')).toEqual([]);
  });

  it('does not match the middle of a word', async () => {
    expect(await handlesFor('arc')).toEqual([]);
  });

  it('marks staff', async () => {
    const response = await lookUp('marc');
    expect(response.json().items).toEqual([{ id: expect.any(Number), handle: 'marcus', displayName: 'Marcus Weber', isStaff: true }]);
  });

  it('answers an empty list for a query with nothing to look for', async () => {
    expect(await handlesFor("'")).toEqual([]);
    expect(await handlesFor('.:')).toEqual([]);
  });
});

describe('who is offered', () => {
  it('never offers deactivated people', async () => {
    const gone = await person('gone.person', 'Gone Person');
    expect(await handlesFor('gone')).toEqual(['gone.person']);
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, gone.id));
    expect(await handlesFor('gone')).toEqual([]);
  });

  it('offers at most eight people', async () => {
    for (let i = 0; i < 10; i += 1) await person(`many${i}`, `Many ${i}`);
    expect(await handlesFor('many')).toEqual(['many0', 'many1', 'many2', 'many3', 'many4', 'many5', 'many6', 'many7']);
  });

  it('answers only id, handle, display name and whether the person is staff: no e-mail, no organization', async () => {
    const secretive = await person('secretive', 'Secretive Person', 'customer', 'Hidden Org');
    for (const as of [viewer, await t.signedIn('admin')]) {
      const response = await lookUp('secret', { as });
      expect(response.statusCode).toBe(200);
      const [item] = response.json().items;
      expect(Object.keys(item).sort()).toEqual(['displayName', 'handle', 'id', 'isStaff']);
      expect(response.body).not.toContain(secretive.email);
      expect(response.body).not.toContain('Hidden Org');
      expect(response.body).not.toContain('role');
    }
  });
});

describe('order in a topic', () => {
  let asker: Person;
  let firstReplier: Person;
  let lastReplier: Person;
  let topicId: number;

  beforeAll(async () => {
    await person('tess.a', 'Tess A');
    asker = await person('tess.b', 'Tess B');
    lastReplier = await person('tess.c', 'Tess C', 'ops');
    firstReplier = await person('tess.d', 'Tess D');
    await person('tess', 'Theresa Exact');
    await person('tess.e', 'Tess E');
    topicId = await askOn(t, asker, 'qa', 'Where do mentions come from?');
    await replyTo(t, firstReplier, topicId);
    await replyTo(t, lastReplier, topicId);
  });

  it('puts people who posted in the topic first, latest poster first, after an exact handle', async () => {
    expect(await handlesFor('tess', { topicId })).toEqual(['tess', 'tess.c', 'tess.d', 'tess.b', 'tess.a', 'tess.e']);
    expect(await handlesFor('tess.', { topicId })).toEqual(['tess.c', 'tess.d', 'tess.b', 'tess.a', 'tess.e']);
  });

  it('orders by handle without a topic', async () => {
    expect(await handlesFor('tess')).toEqual(['tess', 'tess.a', 'tess.b', 'tess.c', 'tess.d', 'tess.e']);
  });

  it('still leaves out posters who do not match', async () => {
    expect(await handlesFor('tess.e', { topicId })).toEqual(['tess.e']);
  });

  it('ignores a topic the reader may not read, exactly as one that does not exist', async () => {
    const hiddenTopicId = await askOn(t, asker, 'qa', 'A question staff will hide');
    await replyTo(t, lastReplier, hiddenTopicId);
    await t.db.update(topics).set({ hiddenAt: new Date() }).where(eq(topics.id, hiddenTopicId));
    const withoutTopic = await lookUp('tess');
    for (const id of [hiddenTopicId, 987_654_321]) {
      const response = await lookUp('tess', { topicId: id });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(withoutTopic.body);
    }
    // Staff may read the hidden topic, so its posters come first for them.
    expect(await handlesFor('tess.', { topicId: hiddenTopicId, as: await t.signedIn('pm') })).toEqual(['tess.c', 'tess.b', 'tess.a', 'tess.d', 'tess.e']);
  });

  it('does not lift the author of a hidden reply', async () => {
    const otherTopicId = await askOn(t, asker, 'qa', 'A question with a hidden reply');
    const hiddenReplyId = await replyTo(t, lastReplier, otherTopicId);
    const staff = await t.signedIn('ops');
    const hidden = await t.request({ method: 'POST', url: `/api/posts/${hiddenReplyId}/hide`, cookie: staff.cookie, body: { reason: 'Off topic' } });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(await handlesFor('tess.', { topicId: otherTopicId })).toEqual(['tess.b', 'tess.a', 'tess.c', 'tess.d', 'tess.e']);
  });
});

describe('refusals', () => {
  it('asks guests to sign in', async () => {
    const response = await lookUp('mar', { as: null });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('SIGN_IN_REQUIRED');
  });

  it.each([
    ['no q', ''],
    ['an empty q', '?q='],
    ['a blank q', '?q=%20%20'],
    ['a q longer than 30 characters', `?q=${'a'.repeat(31)}`],
    ['a topic id that is not an id', '?q=ana&topicId=abc'],
  ])('refuses %s with 400, naming the field', async (name, query) => {
    const response = await t.request({ method: 'GET', url: `/api/people/mention-candidates${query}`, cookie: viewer.cookie });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: name.includes('topic') ? 'topicId' : 'q' });
  });
});

describe('rate limit', () => {
  it('answers 429 after the budget per person per minute, for that person only', async () => {
    const limited = await createTestApp({ mentionLookupsPerMinute: 3 });
    try {
      const [first, second] = [await limited.signedIn('customer'), await limited.signedIn('customer')];
      const statuses = [];
      for (let i = 0; i < 4; i += 1) {
        statuses.push((await limited.request({ method: 'GET', url: '/api/people/mention-candidates?q=cu', cookie: first.cookie })).statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.request({ method: 'GET', url: '/api/people/mention-candidates?q=cu', cookie: first.cookie });
      expect(refused.json().error.code).toBe('RATE_LIMITED');
      expect((await limited.request({ method: 'GET', url: '/api/people/mention-candidates?q=cu', cookie: second.cookie })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
