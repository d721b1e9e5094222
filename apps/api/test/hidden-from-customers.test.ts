import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '@townhall/db';
import { apply, recruitingProgram } from './beta-helpers.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

// What staff know about a customer (their organization's tier and lifecycle stage) and what staff
// took back (a release note unpublished or deleted) must not reach customers by a side road.

let t: TestApp;
let alice: Person; // customer, Churnco (tail, churn-risk)
let ops: Person;
let pm: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 }, searchesPerMinute: 1000 });
  alice = await t.signedIn('customer', { organization: 'Churnco', tier: 'tail' });
  await t.db.update(organizations).set({ lifecycleStage: 'churn-risk' }).where(eq(organizations.name, 'Churnco'));
  ops = await t.signedIn('ops');
  pm = await t.signedIn('pm');
});
afterAll(() => t.close());

const get = (url: string, person?: Person) => t.request({ method: 'GET', url, cookie: person?.cookie });

async function ask(person: Person, title: string) {
  const response = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: person.cookie, body: { title, body: 'Please add this.' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
}

async function shippedQuestion(version: string) {
  const question = await ask(alice, `Need feature ${version}`);
  const demand = await t.request({ method: 'POST', url: '/api/demands', cookie: ops.cookie, body: { title: `Demand ${version}`, sourceTopicIds: [question] } });
  expect(demand.statusCode, demand.body).toBe(201);
  const note = await t.request({
    method: 'POST',
    url: '/api/boards/release-notes/release-notes',
    cookie: pm.cookie,
    body: { title: `Townhall ${version}`, version, introduction: 'New', scenarios: 'All', precautions: 'None', demandIds: [demand.json().id], publish: 'now' },
  });
  expect(note.statusCode, note.body).toBe(201);
  const noteId = note.json().id as number;
  // Sanity: while the note is out, the customer sees where their question shipped.
  expect((await get(`/api/topics/${question}`, alice)).json().demand.shippedIn).toMatchObject({ noteId, version });
  return { question, noteId };
}

describe('shipped-in release note on a question page', () => {
  it('does not show a customer the title and version of a release note that went back to draft', async () => {
    const { question, noteId } = await shippedQuestion('7.0.0');
    const back = await t.request({
      method: 'PATCH',
      url: `/api/release-notes/${noteId}`,
      cookie: pm.cookie,
      body: { publish: 'draft', title: 'Secret codename Falcon', version: '9.9.9-internal' },
    });
    expect(back.statusCode, back.body).toBe(200);
    // The note itself is now hidden from the customer...
    expect((await get(`/api/release-notes/${noteId}`, alice)).statusCode).toBe(404);
    // ...so the question page must not reveal its (draft) title or version either.
    const demand = (await get(`/api/topics/${question}`, alice)).json().demand;
    expect(demand.status).toBe('shipped');
    expect(demand.shippedIn).toBeNull();
    expect(JSON.stringify(demand)).not.toContain('Falcon');
    expect(JSON.stringify(demand)).not.toContain('9.9.9-internal');
    // Staff still see which (now draft) note it was.
    expect((await get(`/api/topics/${question}`, ops)).json().demand.shippedIn).toMatchObject({ noteId, version: '9.9.9-internal' });
  });

  it('does not show a customer the title of a release note staff deleted', async () => {
    const { question, noteId } = await shippedQuestion('7.1.0');
    const renamed = await t.request({ method: 'PATCH', url: `/api/release-notes/${noteId}`, cookie: pm.cookie, body: { title: 'Withdrawn: leaked roadmap item' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const deleted = await t.request({ method: 'POST', url: `/api/topics/${noteId}/moderation`, cookie: ops.cookie, body: { action: 'delete' } });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await get(`/api/release-notes/${noteId}`, alice)).statusCode).toBe(404);
    const demand = (await get(`/api/topics/${question}`, alice)).json().demand;
    expect(demand.shippedIn).toBeNull();
    expect(JSON.stringify(demand)).not.toContain('leaked roadmap item');
    expect((await get(`/api/topics/${question}`)).json().demand.shippedIn).toBeNull();
  });
});

describe('organization tier and lifecycle stage are staff-only', () => {
  it('GET /api/me does not tell a customer their organization’s tier or lifecycle stage', async () => {
    const me = (await get('/api/me', alice)).json().user;
    expect(me.organization).toEqual({ id: expect.any(Number), name: 'Churnco' });
  });

  it('nor does their own person card', async () => {
    const card = (await get(`/api/people/${alice.id}`, alice)).json();
    expect(card.organization).toEqual({ name: 'Churnco' });
  });

  it('a beta program page tells a customer neither their organization’s tier or stage nor the program’s', async () => {
    const program = await recruitingProgram(t, pm, { eligibleTiers: ['head'], eligibleStages: ['expansion'], tierQuotas: { head: 3 } });
    const detail = (await get(`/api/beta/programs/${program.id}`, alice)).json();
    expect(detail.canApply).toBe(false);
    expect(detail.cannotApplyReasons.map((reason: { code: string }) => reason.code)).toEqual(['TIER_NOT_ELIGIBLE', 'STAGE_NOT_ELIGIBLE']);
    expect(detail).toMatchObject({ eligibleTiers: [], eligibleStages: [], tierQuotas: null });
    expect(JSON.stringify(detail)).not.toMatch(/\b(head|waist|tail|onboarding|adoption|expansion|renewal|churn-risk)\b/);
    // Those who run programs still see the rules.
    expect((await get(`/api/beta/programs/${program.id}`, pm)).json()).toMatchObject({ eligibleTiers: ['head'], eligibleStages: ['expansion'], tierQuotas: { head: 3 } });
  });

  it('a beta program open to invited organizations does not name them to customers', async () => {
    await t.signedIn('customer', { tier: 'tail', organization: 'Invitedco' });
    const [invited] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Invitedco'));
    const program = await recruitingProgram(t, pm, { eligibleOrganizationIds: [invited!.id] });
    const detail = (await get(`/api/beta/programs/${program.id}`, alice)).json();
    expect(detail.eligibleOrganizations).toEqual([]);
    expect(JSON.stringify(detail)).not.toContain('Invitedco');
    expect((await get(`/api/beta/programs/${program.id}`, pm)).json().eligibleOrganizations).toEqual([{ id: invited!.id, name: 'Invitedco' }]);
  });

  it('a refused beta application does not tell a customer their organization’s tier or lifecycle stage', async () => {
    const program = await recruitingProgram(t, pm, { eligibleTiers: ['head'], eligibleStages: ['expansion'] });
    const response = await apply(t, alice, program.id);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('NOT_ELIGIBLE');
    expect(response.json().error.message).toContain('selected accounts only');
    expect(response.json().error.message).not.toMatch(/\b(head|waist|tail|onboarding|adoption|expansion|renewal|churn-risk)\b/);
  });
});
