import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, topics } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let alice: Person; // Acme, head
let anna: Person; // Acme, head
let bob: Person; // Tinyco, tail
let carol: Person; // Midco, waist
let dave: Person; // no organization
let ops: Person;
let pm: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 }, searchesPerMinute: 1000 });
  // One at a time for Acme: its organization is created by the first.
  alice = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  [anna, bob, carol, dave, ops, pm] = await Promise.all([
    t.signedIn('customer', { organization: 'Acme', tier: 'head' }),
    t.signedIn('customer', { organization: 'Tinyco', tier: 'tail' }),
    t.signedIn('customer', { organization: 'Midco', tier: 'waist' }),
    t.signedIn('customer'),
    t.signedIn('ops'),
    t.signedIn('pm'),
  ]);
});
afterAll(() => t.close());

async function ask(person: Person, title = `Question ${Math.random()}`) {
  const response = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: person.cookie, body: { title, body: 'Please add this.' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
}

async function meToo(person: Person, topicId: number) {
  const response = await t.request({ method: 'PUT', url: `/api/topics/${topicId}/vote`, cookie: person.cookie });
  expect(response.statusCode, response.body).toBe(200);
}

async function createDemand(person: Person, body: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/demands', cookie: person.cookie, body });
}

async function demandFrom(topicIds: number[], title = `Demand ${Math.random()}`) {
  const response = await createDemand(ops, { title, sourceTopicIds: topicIds });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
}

const readDemand = (id: number, person: Person = pm) => t.request({ method: 'GET', url: `/api/demands/${id}`, cookie: person.cookie });
const score = (id: number, body: Record<string, unknown>, person: Person = pm) =>
  t.request({ method: 'PUT', url: `/api/demands/${id}/score`, cookie: person.cookie, body });
const setStatus = (id: number, body: Record<string, unknown>, person: Person = ops) =>
  t.request({ method: 'POST', url: `/api/demands/${id}/status`, cookie: person.cookie, body });
const topicOf = async (id: number, person: Person) => (await t.request({ method: 'GET', url: `/api/topics/${id}`, cookie: person.cookie })).json();

async function inbox(person: Person) {
  const response = await t.request({ method: 'GET', url: '/api/notifications', cookie: person.cookie });
  expect(response.statusCode).toBe(200);
  return response.json() as { items: { kind: string; title: string; path: string; lead: string; data: Record<string, unknown> }[]; unreadCount: number };
}

const noteBody = (version: string, demandIds: number[]) => ({
  title: `Townhall ${version}`,
  version,
  introduction: 'New things',
  scenarios: 'Everywhere',
  precautions: 'None',
  demandIds,
});

describe('making demands from questions', () => {
  it('merges duplicate questions into one demand; the questions stay and link to it', async () => {
    const first = await ask(alice, 'Export to Excel');
    const second = await ask(bob, 'Excel export please');
    const response = await createDemand(ops, { title: 'Excel export', description: 'Customers want xlsx', sourceTopicIds: [first, second] });
    expect(response.statusCode, response.body).toBe(201);
    const demand = response.json();
    expect(demand).toMatchObject({ title: 'Excel export', status: 'new', sourceCount: 2, verdict: null, canManage: true, canScore: false });
    expect(demand.sources.map((source: { id: number }) => source.id)).toEqual([first, second]);
    // Both questions are still there, each showing its demand to staff.
    expect((await topicOf(first, ops)).demand).toMatchObject({ id: demand.id, title: 'Excel export', status: 'new' });
    expect((await topicOf(second, pm)).demand).toMatchObject({ id: demand.id });
    // The asker sees nothing of a new demand.
    expect((await topicOf(first, alice)).demand).toBeNull();
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, String(demand.id)));
    expect(entry).toMatchObject({ action: 'demand.create', subjectType: 'demand', actorId: ops.id });
  });

  it('creates a demand directly and merges more questions later', async () => {
    const direct = await createDemand(pm, { title: 'Dark mode' });
    expect(direct.statusCode).toBe(201);
    expect(direct.json()).toMatchObject({ sourceCount: 0, askerCount: 0, canScore: true });
    const question = await ask(carol, 'Dark theme?');
    const merged = await t.request({ method: 'POST', url: `/api/demands/${direct.json().id}/sources`, cookie: ops.cookie, body: { topicIds: [question] } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ sourceCount: 1, askerCount: 1 });
  });

  it('refuses a question that is already part of another demand, and ids that are not questions, naming the field', async () => {
    const question = await ask(alice);
    await demandFrom([question]);
    const again = await createDemand(ops, { title: 'Again', sourceTopicIds: [question] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'QUESTION_ALREADY_IN_DEMAND', field: 'sourceTopicIds[0]' });
    const missing = await createDemand(ops, { title: 'Missing', sourceTopicIds: [question + 1000] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'sourceTopicIds[0]' });
    // Nothing half-written: no demand called "Again" or "Missing".
    const list = (await t.request({ method: 'GET', url: '/api/demands?status=all', cookie: pm.cookie })).json();
    expect(list.items.map((item: { title: string }) => item.title)).not.toContain('Again');
    expect(list.items.map((item: { title: string }) => item.title)).not.toContain('Missing');
  });

  it('takes a question back out of a demand: the question stays, its asker and votes stop counting, and it can join another demand', async () => {
    const kept = await ask(alice, 'Bulk export');
    const mistaken = await ask(bob, 'Bulk import');
    await meToo(carol, mistaken);
    const demandId = await demandFrom([kept, mistaken]);
    expect((await readDemand(demandId)).json()).toMatchObject({ sourceCount: 2, askerCount: 3 });

    const removeOf = (topicId: number, person: Person = ops, id = demandId) =>
      t.request({ method: 'DELETE', url: `/api/demands/${id}/sources/${topicId}`, cookie: person.cookie });
    // Customers may not, and a customer learns nothing about the demand.
    expect((await removeOf(mistaken, bob)).statusCode).toBe(403);

    const removed = await removeOf(mistaken);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ sourceCount: 1, askerCount: 1 });
    expect(removed.json().sources.map((source: { id: number }) => source.id)).toEqual([kept]);
    expect(removed.json().askers.map((asker: { id: number }) => asker.id)).toEqual([alice.id]);
    // The question is untouched and no longer shows the demand; it may join another one.
    const question = await topicOf(mistaken, ops);
    expect(question).toMatchObject({ title: 'Bulk import', voteCount: 1, demand: null });
    expect((await createDemand(ops, { title: 'Bulk import', sourceTopicIds: [mistaken] })).statusCode).toBe(201);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'demand.unmerge'));
    expect(entry).toMatchObject({ subjectType: 'demand', subjectId: String(demandId), actorId: ops.id, details: { topicId: mistaken } });

    // Not (or no longer) a source, an unknown demand, a bad id: 404s and a 400 naming the field.
    const again = await removeOf(mistaken);
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toMatchObject({ code: 'NOT_FOUND', field: 'topicId' });
    expect((await removeOf(kept, ops, demandId + 10_000)).statusCode).toBe(404);
    const bad = await t.request({ method: 'DELETE', url: `/api/demands/${demandId}/sources/abc`, cookie: ops.cookie });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('topicId');
  });

  it('answers 400 naming the field for bad input, never 500', async () => {
    const blank = await createDemand(ops, { title: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe('title');
    const demandId = await demandFrom([]);
    for (const [body, field] of [
      [{ userValue: 11, businessValue: 3, valueKinds: [] }, 'userValue'],
      [{ userValue: 3, businessValue: -1, valueKinds: [] }, 'businessValue'],
      [{ userValue: 3, businessValue: 3, valueKinds: ['fun'] }, 'valueKinds.0'],
      [{ userValue: 3, businessValue: 3, valueKinds: [], override: { verdict: 'do', reason: ' ' } }, 'override.reason'],
      [{ userValue: 3, valueKinds: [] }, 'businessValue'],
    ] as const) {
      const response = await score(demandId, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    const badStatus = await setStatus(demandId, { status: 'shipped' });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error.field).toBe('status');
    const list = await t.request({ method: 'GET', url: '/api/demands?sort=nonsense', cookie: pm.cookie });
    expect(list.statusCode).toBe(400);
    expect(list.json().error.field).toBe('sort');
    expect((await readDemand(999_999)).statusCode).toBe(404);
  });
});

describe('askers, tiers and weights', () => {
  it('counts everyone who asked or voted "me too" once, with their organizations and current tiers', async () => {
    const first = await ask(alice);
    const second = await ask(bob);
    await meToo(anna, first);
    await meToo(carol, first);
    await meToo(carol, second); // carol counts once
    await meToo(dave, second);
    await meToo(ops, second); // staff are not askers
    const demandId = await demandFrom([first, second]);
    const demand = (await readDemand(demandId)).json();
    // alice 3 + anna 3 + bob 1 + carol 2 + dave 1
    expect(demand).toMatchObject({ askerCount: 5, organizationCount: 3, weightedSize: 10, size: 5 });
    const byName = Object.fromEntries(demand.askers.map((asker: { displayName: string }) => [asker.displayName, asker]));
    expect(byName[`customer ${alice.handle.replace('customer', '')}`]).toMatchObject({ asked: true, voted: false, organization: { name: 'Acme', tier: 'head' } });
    expect(demand.askers.find((asker: { id: number }) => asker.id === carol.id)).toMatchObject({ asked: false, voted: true, organization: { tier: 'waist' } });
    expect(demand.askers.find((asker: { id: number }) => asker.id === dave.id)).toMatchObject({ organization: null, voted: true });
    expect(demand.organizations).toEqual([
      expect.objectContaining({ name: 'Acme', tier: 'head', askerCount: 2 }),
      expect.objectContaining({ name: 'Midco', tier: 'waist', askerCount: 1 }),
      expect.objectContaining({ name: 'Tinyco', tier: 'tail', askerCount: 1 }),
    ]);

    // A new "me too" after merging counts at once: nothing is copied.
    const eve = await t.signedIn('customer', { organization: 'Tinyco', tier: 'tail' });
    await meToo(eve, first);
    const list = (await t.request({ method: 'GET', url: '/api/demands?weighted=true', cookie: pm.cookie })).json();
    expect(list.weighted).toBe(true);
    expect(list.items.find((item: { id: number }) => item.id === demandId)).toMatchObject({ askerCount: 6, weightedSize: 11, size: 11 });
  });
});

describe('scoring, verdicts and overrides', () => {
  it('gives the quadrant verdict, and shows an override with its reason', async () => {
    const demandId = await demandFrom([]);
    const scored = await score(demandId, { userValue: 8, businessValue: 6, valueKinds: ['user_growth', 'digital_maturity'] });
    expect(scored.statusCode, scored.body).toBe(200);
    expect(scored.json()).toMatchObject({
      userValue: 8,
      businessValue: 6,
      valueKinds: ['user_growth', 'digital_maturity'],
      verdict: { verdict: 'do', defaultVerdict: 'do', overridden: false, overrideReason: null },
    });
    expect((await score(demandId, { userValue: 8, businessValue: 2, valueKinds: [] })).json().verdict).toMatchObject({ verdict: 'be_prudent', overridden: false });
    expect((await score(demandId, { userValue: 2, businessValue: 9, valueKinds: [] })).json().verdict).toMatchObject({ verdict: 'wont_do', overridden: false });
    const overridden = await score(demandId, { userValue: 2, businessValue: 9, valueKinds: ['operating_efficiency'], override: { verdict: 'do', reason: 'Required by a contract' } });
    expect(overridden.json().verdict).toEqual({ verdict: 'do', defaultVerdict: 'wont_do', overridden: true, overrideReason: 'Required by a contract' });
  });

  it('lets only PMs and admins score', async () => {
    const demandId = await demandFrom([]);
    expect((await score(demandId, { userValue: 5, businessValue: 5, valueKinds: [] }, ops)).statusCode).toBe(403);
    const admin = await t.signedIn('admin');
    expect((await score(demandId, { userValue: 5, businessValue: 5, valueKinds: [] }, admin)).statusCode).toBe(200);
  });

  it('filters and sorts the list by status, kind of value and verdict', async () => {
    const a = await demandFrom([], 'Filter alpha');
    const b = await demandFrom([], 'Filter beta');
    await score(a, { userValue: 9, businessValue: 9, valueKinds: ['experience_security_stability'] });
    await score(b, { userValue: 9, businessValue: 1, valueKinds: ['user_growth'] });
    const list = async (query: string) =>
      ((await t.request({ method: 'GET', url: `/api/demands?${query}`, cookie: pm.cookie })).json().items as { id: number }[]).map((item) => item.id);
    expect(await list('kind=experience_security_stability')).toContain(a);
    expect(await list('kind=experience_security_stability')).not.toContain(b);
    expect(await list('verdict=be_prudent')).toContain(b);
    expect(await list('verdict=be_prudent')).not.toContain(a);
    const byTitle = await list('sort=title&order=asc&status=all');
    expect(byTitle.indexOf(a)).toBeLessThan(byTitle.indexOf(b));
    const byBusiness = await list('sort=businessValue&order=desc');
    expect(byBusiness.indexOf(a)).toBeLessThan(byBusiness.indexOf(b));
    await setStatus(b, { status: 'declined', reason: 'Not for us' });
    expect(await list('')).not.toContain(b);
    expect(await list('status=declined')).toContain(b);
  });
});

describe('status', () => {
  it('shows planned and declined (with the reason) to the askers on their question, never the scores', async () => {
    const question = await ask(alice);
    const demandId = await demandFrom([question]);
    await score(demandId, { userValue: 9, businessValue: 9, valueKinds: [] });
    expect((await setStatus(demandId, { status: 'planned' })).statusCode).toBe(200);
    const planned = await topicOf(question, alice);
    expect(planned.demand).toEqual({ status: 'planned', declineReason: null, shippedIn: null });

    const noReason = await setStatus(demandId, { status: 'declined' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    expect((await setStatus(demandId, { status: 'declined', reason: 'It conflicts with the security model' })).statusCode).toBe(200);
    expect((await topicOf(question, alice)).demand).toEqual({ status: 'declined', declineReason: 'It conflicts with the security model', shippedIn: null });
    // Guests reading the public question see the same, and nothing more.
    const guest = (await t.request({ method: 'GET', url: `/api/topics/${question}` })).json();
    expect(guest.demand).toEqual({ status: 'declined', declineReason: 'It conflicts with the security model', shippedIn: null });
    expect(JSON.stringify(guest)).not.toContain('userValue');
    // Reopened: the reason goes.
    expect((await setStatus(demandId, { status: 'under_review' })).statusCode).toBe(200);
    expect((await readDemand(demandId)).json().declineReason).toBeNull();
    expect((await setStatus(demandId, { status: 'under_review' })).statusCode).toBe(409);
  });

  it('keeps demands from customers', async () => {
    const demandId = await demandFrom([]);
    expect((await readDemand(demandId, alice)).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/demands', cookie: alice.cookie })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/demands' })).statusCode).toBe(401);
    expect((await score(demandId, { userValue: 1, businessValue: 1, valueKinds: [] }, alice)).statusCode).toBe(403);
  });
});

describe('shipping through a release note', () => {
  it('ships linked demands when the note is published now, and tells every asker and voter once', async () => {
    const first = await ask(alice, 'Bulk edit');
    const second = await ask(bob, 'Edit many at once');
    await meToo(carol, first);
    await meToo(ops, first);
    const demandId = await demandFrom([first, second], 'Bulk editing');
    await t.request({ method: 'POST', url: '/api/notifications/read-all', cookie: alice.cookie });

    const bad = await t.request({ method: 'POST', url: '/api/boards/release-notes/release-notes', cookie: pm.cookie, body: { ...noteBody('3.0.0', [demandId + 10_000]), publish: 'now' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('demandIds[0]');

    const note = await t.request({ method: 'POST', url: '/api/boards/release-notes/release-notes', cookie: pm.cookie, body: { ...noteBody('3.1.0', [demandId]), publish: 'now' } });
    expect(note.statusCode, note.body).toBe(201);
    const noteId = note.json().id as number;
    expect(note.json().demands).toEqual([{ id: demandId, title: 'Bulk editing', status: 'shipped' }]);

    const demand = (await readDemand(demandId)).json();
    expect(demand).toMatchObject({ status: 'shipped', shippedIn: { noteId, title: 'Townhall 3.1.0', version: '3.1.0' } });
    for (const person of [alice, bob, carol]) {
      const { items } = await inbox(person);
      const shipped = items.filter((item) => item.kind === 'demand_shipped');
      expect(shipped, person.handle).toHaveLength(1);
      expect(shipped[0]).toMatchObject({ title: 'Bulk editing', path: `/release-notes/${noteId}`, data: { demandId, version: '3.1.0' } });
    }
    expect((await inbox(ops)).items.filter((item) => item.kind === 'demand_shipped')).toHaveLength(0);
    expect((await inbox(pm)).items.filter((item) => item.kind === 'demand_shipped')).toHaveLength(0);
    // Each source question says where it shipped.
    for (const question of [first, second]) {
      expect((await topicOf(question, alice)).demand).toEqual({ status: 'shipped', declineReason: null, shippedIn: { noteId, title: 'Townhall 3.1.0', version: '3.1.0' } });
    }
    // Announcing again tells nobody twice; a shipped demand cannot be moved by hand.
    await t.app.notifier.announceReleaseNotes();
    await t.app.notifier.demandsShipped({ noteId });
    expect((await inbox(alice)).items.filter((item) => item.kind === 'demand_shipped')).toHaveLength(1);
    expect((await setStatus(demandId, { status: 'planned' })).statusCode).toBe(409);
    // Customers do not see which demands a note ships.
    const asCustomer = (await t.request({ method: 'GET', url: `/api/release-notes/${noteId}`, cookie: alice.cookie })).json();
    expect(asCustomer.demands).toBeUndefined();
  });

  it('ships a scheduled note’s demands only once it is due', async () => {
    const question = await ask(carol, 'Scheduled reports');
    const demandId = await demandFrom([question], 'Scheduled reports');
    const publishAt = new Date(Date.now() + 3_600_000).toISOString();
    const note = await t.request({
      method: 'POST',
      url: '/api/boards/release-notes/release-notes',
      cookie: pm.cookie,
      body: { ...noteBody('3.2.0', [demandId]), publish: 'at', publishAt },
    });
    expect(note.statusCode, note.body).toBe(201);
    const noteId = note.json().id as number;
    await t.app.notifier.announceReleaseNotes();
    expect((await readDemand(demandId)).json().status).toBe('new');
    expect((await inbox(carol)).items.filter((item) => item.title === 'Scheduled reports' && item.kind === 'demand_shipped')).toHaveLength(0);
    // The scheduled time passes.
    await t.db.update(topics).set({ publishedAt: new Date(Date.now() - 1000) }).where(eq(topics.id, noteId));
    await t.app.notifier.announceReleaseNotes();
    expect((await readDemand(demandId)).json()).toMatchObject({ status: 'shipped', shippedIn: { noteId, version: '3.2.0' } });
    expect((await inbox(carol)).items.filter((item) => item.title === 'Scheduled reports' && item.kind === 'demand_shipped')).toHaveLength(1);
  });

  it('ships a demand linked later to a note that is already out', async () => {
    const question = await ask(dave, 'Audit export');
    const demandId = await demandFrom([question], 'Audit export');
    const note = await t.request({ method: 'POST', url: '/api/boards/release-notes/release-notes', cookie: pm.cookie, body: { ...noteBody('3.3.0', []), publish: 'now' } });
    const noteId = note.json().id as number;
    const edited = await t.request({ method: 'PATCH', url: `/api/release-notes/${noteId}`, cookie: pm.cookie, body: { demandIds: [demandId] } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await readDemand(demandId)).json().status).toBe('shipped');
    expect((await inbox(dave)).items.filter((item) => item.kind === 'demand_shipped' && item.title === 'Audit export')).toHaveLength(1);
  });
});

describe('demands in search', () => {
  it('finds demands for staff only', async () => {
    const demandId = (await createDemand(pm, { title: 'Quokkafeature request', description: 'Wombatizing the dashboard' })).json().id;
    const staff = await t.request({ method: 'GET', url: '/api/search?q=wombatizing', cookie: ops.cookie });
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.json().items).toEqual([
      expect.objectContaining({ kind: 'demand', demandId, topicId: null, board: null, status: null, hiddenFromMembers: true }),
    ]);
    expect(staff.json().items[0].titleHtml).toContain('Quokkafeature');
    const byKind = await t.request({ method: 'GET', url: '/api/search?q=quokkafeature&kind=demand', cookie: pm.cookie });
    expect(byKind.json().items).toHaveLength(1);
    for (const person of [alice, undefined]) {
      for (const query of ['q=wombatizing', 'q=quokkafeature&kind=demand']) {
        const response = await t.request({ method: 'GET', url: `/api/search?${query}`, cookie: person?.cookie });
        expect(response.statusCode).toBe(200);
        expect(response.json().items).toEqual([]);
      }
    }
    // An edit re-indexes it.
    await t.request({ method: 'PATCH', url: `/api/demands/${demandId}`, cookie: ops.cookie, body: { description: 'Platypusing instead' } });
    expect((await t.request({ method: 'GET', url: '/api/search?q=platypusing', cookie: ops.cookie })).json().items).toHaveLength(1);
  });
});
