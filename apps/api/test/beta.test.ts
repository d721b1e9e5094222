import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, boards } from '@townhall/db';
import { apply, decide, goodAnswers, programBody, recruitingProgram } from './beta-helpers.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let pm: Person;
let ops: Person;
let admin: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 } });
  pm = await t.signedIn('pm');
  ops = await t.signedIn('ops');
  admin = await t.signedIn('admin');
});
afterAll(() => t.close());

const get = (url: string, person?: Person) => t.request({ method: 'GET', url, cookie: person?.cookie });
const customer = (organization?: string, tier: 'head' | 'waist' | 'tail' = 'waist') =>
  t.signedIn('customer', organization ? { organization, tier } : {});

describe('programs', () => {
  it('lists the organizations a program may name, by name, to those who run programs only', async () => {
    const member = await customer('Zeta Corp', 'head');
    const listed = await get('/api/beta/organizations', pm);
    expect(listed.statusCode).toBe(200);
    const names = listed.json().organizations.map((organization: { name: string }) => organization.name);
    expect(names).toContain('Zeta Corp');
    expect(listed.json().organizations.find((organization: { name: string }) => organization.name === 'Zeta Corp')).toMatchObject({ id: expect.any(Number), tier: 'head' });
    expect((await get('/api/beta/organizations', ops)).statusCode).toBe(403);
    expect((await get('/api/beta/organizations', member)).statusCode).toBe(403);
    expect((await get('/api/beta/organizations')).statusCode).toBe(401);
  });

  it('creates a draft with its private feedback board, hidden from customers until it recruits', async () => {
    const alice = await customer();
    const created = await t.request({ method: 'POST', url: '/api/beta/programs', cookie: pm.cookie, body: programBody({ introduction: 'Say **hi**\n\n<script>alert(1)</script>' }) });
    expect(created.statusCode).toBe(201);
    const program = created.json();
    expect(program.status).toBe('draft');
    expect(program.introductionHtml).toContain('<strong>hi</strong>');
    expect(program.introductionHtml).not.toContain('<script');
    expect(program.feedbackBoard.slug).toBe(`beta-feedback-${program.id}`);
    const [board] = await t.db.select().from(boards).where(eq(boards.slug, program.feedbackBoard.slug));
    expect(board).toMatchObject({ kind: 'beta', visibility: 'participants' });

    expect((await get(`/api/beta/programs/${program.id}`, alice)).statusCode).toBe(404);
    expect((await get('/api/beta/programs', alice)).json().items.map((p: { id: number }) => p.id)).not.toContain(program.id);
    expect((await get('/api/beta/programs', pm)).json().items.map((p: { id: number }) => p.id)).toContain(program.id);

    const opened = await t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/status`, cookie: pm.cookie, body: { status: 'recruiting' } });
    expect(opened.json().status).toBe('recruiting');
    const listed = (await get('/api/beta/programs', alice)).json().items.find((p: { id: number }) => p.id === program.id);
    expect(listed).toMatchObject({ seatsTaken: 0, seatCapacity: 5, status: 'recruiting' });
    expect(listed.applicationDeadline).toBeTypeOf('string');
  });

  it('creates one program for one idempotency key, even when the retries race', async () => {
    const body = programBody();
    const send = () =>
      t.request({ method: 'POST', url: '/api/beta/programs', cookie: pm.cookie, body, headers: { 'idempotency-key': `program-${body.title.replace(/\W/g, '')}` } });
    const responses = await Promise.all([send(), send(), send()]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    const programs = (await get('/api/beta/programs', pm)).json().items.filter((p: { title: string }) => p.title === body.title);
    expect(programs).toHaveLength(1);
  });

  it('lets only PMs and admins create programs', async () => {
    expect((await t.request({ method: 'POST', url: '/api/beta/programs', cookie: ops.cookie, body: programBody() })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/beta/programs', cookie: admin.cookie, body: programBody() })).statusCode).toBe(201);
    expect((await t.request({ method: 'POST', url: '/api/beta/programs', body: programBody() })).statusCode).toBe(401);
  });

  it.each([
    ['a form without the precautions box', { form: [{ id: 'role', kind: 'short_text', label: 'Role', required: true }] }, 'form'],
    ['quotas above the capacity', { seatCapacity: 3, tierQuotas: { head: 2, tail: 2 } }, 'tierQuotas'],
    ['a choice without options', { form: [{ id: 'c', kind: 'single_choice', label: 'Pick', required: true }, { id: 'a', kind: 'accept_precautions', label: 'OK', required: true }] }, 'form'],
  ])('rejects %s', async (_title, overrides, field) => {
    const response = await t.request({ method: 'POST', url: '/api/beta/programs', cookie: pm.cookie, body: programBody(overrides) });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it('moves status one step at a time', async () => {
    const id = (await t.request({ method: 'POST', url: '/api/beta/programs', cookie: pm.cookie, body: programBody() })).json().id;
    const to = (status: string) => t.request({ method: 'POST', url: `/api/beta/programs/${id}/status`, cookie: pm.cookie, body: { status } });
    expect((await to('running')).json().error.code).toBe('INVALID_STATUS_CHANGE');
    expect((await to('recruiting')).statusCode).toBe(200);
    expect((await to('running')).statusCode).toBe(200);
    expect((await to('recruiting')).statusCode).toBe(409);
    expect((await to('closed')).statusCode).toBe(200);
  });

  it('edits a program and refuses a capacity below the seats taken', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 2, autoAccept: true });
    await apply(t, await customer(), program.id);
    await apply(t, await customer(), program.id);
    const shrink = await t.request({ method: 'PATCH', url: `/api/beta/programs/${program.id}`, cookie: pm.cookie, body: { seatCapacity: 1 } });
    expect(shrink.statusCode).toBe(400);
    const edited = await t.request({ method: 'PATCH', url: `/api/beta/programs/${program.id}`, cookie: pm.cookie, body: { title: 'Renamed', precautions: '**Careful**' } });
    expect(edited.json()).toMatchObject({ title: 'Renamed', source: { precautions: '**Careful**' } });
    expect(edited.json().precautionsHtml).toContain('<strong>Careful</strong>');
  });

  it('refuses named organizations that do not exist, naming them, and writes nothing', async () => {
    const known = await customer('Named Co');
    const organizationId = (await get('/api/me', known)).json().user.organization.id as number;
    const create = await t.request({ method: 'POST', url: '/api/beta/programs', cookie: pm.cookie, body: programBody({ title: 'Unknown orgs', eligibleOrganizationIds: [organizationId, 99_999] }) });
    expect(create.statusCode).toBe(400);
    expect(create.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'eligibleOrganizationIds' });
    expect(create.json().error.message).toContain('99999');
    const listed = (await get('/api/beta/programs', pm)).json().items as { title: string }[];
    expect(listed.some((program) => program.title === 'Unknown orgs')).toBe(false);

    const program = await recruitingProgram(t, pm);
    const edit = await t.request({ method: 'PATCH', url: `/api/beta/programs/${program.id}`, cookie: pm.cookie, body: { eligibleOrganizationIds: [99_998] } });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().error.field).toBe('eligibleOrganizationIds');
    const named = await t.request({ method: 'PATCH', url: `/api/beta/programs/${program.id}`, cookie: pm.cookie, body: { eligibleOrganizationIds: [organizationId] } });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json().eligibleOrganizations).toEqual([{ id: organizationId, name: 'Named Co' }]);
  });
});

describe('eligibility', () => {
  it('tells an ineligible customer why and refuses the application', async () => {
    const program = await recruitingProgram(t, pm, { eligibleTiers: ['head'], eligibleStages: ['expansion'] });
    const tailCustomer = await customer('Tail Co', 'tail');
    const detail = (await get(`/api/beta/programs/${program.id}`, tailCustomer)).json();
    expect(detail.canApply).toBe(false);
    expect(detail.cannotApplyReasons.map((r: { code: string }) => r.code)).toEqual(['TIER_NOT_ELIGIBLE', 'STAGE_NOT_ELIGIBLE']);
    const response = await apply(t, tailCustomer, program.id);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('NOT_ELIGIBLE');
  });

  it('refuses staff applications', async () => {
    const program = await recruitingProgram(t, pm);
    expect((await apply(t, pm, program.id)).statusCode).toBe(403);
  });
});

describe('applications', () => {
  it('accepts one application per customer and validates answers by question id', async () => {
    const program = await recruitingProgram(t, pm);
    const bob = await customer();
    const missing = await apply(t, bob, program.id, { ...goodAnswers, accept: false });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('answers.accept');
    const unknownChoice = await apply(t, bob, program.id, { ...goodAnswers, size: '5' });
    expect(unknownChoice.json().error.field).toBe('answers.size');
    const first = await apply(t, bob, program.id);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'pending', waitlistPosition: null });
    const second = await apply(t, bob, program.id);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('ALREADY_APPLIED');
  });

  it('lets an applicant withdraw before a decision, not after a decline', async () => {
    const program = await recruitingProgram(t, pm);
    const carol = await customer();
    const dave = await customer();
    await apply(t, carol, program.id);
    const daveApp = (await apply(t, dave, program.id)).json();
    const withdrawn = await t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/withdraw`, cookie: carol.cookie });
    expect(withdrawn.json().status).toBe('withdrawn');
    await decide(t, pm, program.id, [daveApp.id], 'decline', 'Not this time');
    const late = await t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/withdraw`, cookie: dave.cookie });
    expect(late.statusCode).toBe(409);
    expect((await get(`/api/beta/programs/${program.id}`, dave)).json().application).toMatchObject({ status: 'declined', decisionMessage: 'Not this time' });
  });

  it('decides in bulk with a message, refuses past capacity, shows waitlist places and audits', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 2 });
    const people = [await customer(), await customer(), await customer(), await customer()];
    const ids: number[] = [];
    for (const person of people) ids.push((await apply(t, person, program.id)).json().id);
    const bulk = await decide(t, pm, program.id, ids.slice(0, 3), 'accept', 'Welcome aboard');
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().results.map((r: { ok: boolean; error?: { code: string } }) => r.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'SEATS_FULL']);
    const single = await decide(t, pm, program.id, [ids[2]!], 'accept');
    expect(single.statusCode).toBe(409);
    expect(single.json().error.code).toBe('SEATS_FULL');
    await decide(t, pm, program.id, [ids[2]!, ids[3]!], 'waitlist');
    expect((await get(`/api/beta/programs/${program.id}`, people[3])).json().application).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect((await get(`/api/beta/programs/${program.id}`, people[0])).json().application).toMatchObject({ status: 'accepted', decisionMessage: 'Welcome aboard' });
    const list = (await get(`/api/beta/programs/${program.id}/applications`, pm)).json();
    expect(list.program.seatsTaken).toBe(2);
    expect(list.items.map((i: { waitlistPosition: number | null }) => i.waitlistPosition)).toEqual([null, null, 1, 2]);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'beta_application.accepted'), eq(auditLog.subjectId, String(ids[0]))));
    expect(audits[0]).toMatchObject({ actorId: pm.id, details: { programId: program.id, message: 'Welcome aboard' } });
  });

  it('refuses past a tier quota and an organization cap', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 4, tierQuotas: { head: 1, waist: 3 }, perOrganizationCap: 1 });
    const heads = [await customer('Quota Head A', 'head'), await customer('Quota Head B', 'head')];
    const sameOrg = [await customer('Quota Waist', 'waist'), await customer('Quota Waist', 'waist')];
    const ids: number[] = [];
    for (const person of [...heads, ...sameOrg]) ids.push((await apply(t, person, program.id)).json().id);
    expect((await decide(t, pm, program.id, [ids[0]!], 'accept')).statusCode).toBe(200);
    expect((await decide(t, pm, program.id, [ids[1]!], 'accept')).json().error.code).toBe('TIER_QUOTA_FULL');
    expect((await decide(t, pm, program.id, [ids[2]!], 'accept')).statusCode).toBe(200);
    expect((await decide(t, pm, program.id, [ids[3]!], 'accept')).json().error.code).toBe('ORGANIZATION_CAP_REACHED');
  });

  it('promotes the first waitlisted application that fits when a seat frees up in auto-accept mode', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 1, autoAccept: true });
    const [first, second, third] = [await customer(), await customer(), await customer()];
    const firstApp = (await apply(t, first, program.id)).json();
    expect(firstApp.status).toBe('accepted');
    expect((await apply(t, second, program.id)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await apply(t, third, program.id)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    await t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/withdraw`, cookie: first.cookie });
    expect((await get(`/api/beta/programs/${program.id}`, second)).json().application.status).toBe('accepted');
    expect((await get(`/api/beta/programs/${program.id}`, third)).json().application.waitlistPosition).toBe(1);
    const secondId = (await get(`/api/beta/programs/${program.id}`, second)).json().application.id;
    const removed = await decide(t, pm, program.id, [secondId], 'remove');
    expect(removed.json().promotedIds).toHaveLength(1);
    expect((await get(`/api/beta/programs/${program.id}`, third)).json().application.status).toBe('accepted');
    expect((await get('/api/beta/programs', pm)).json().items.find((p: { id: number }) => p.id === program.id).seatsTaken).toBe(1);
  });
});

describe('the private feedback area', () => {
  it('is readable and writable by accepted participants and staff only, on every path', async () => {
    const program = await recruitingProgram(t, pm, { autoAccept: true });
    const slug = program.feedbackBoard.slug;
    const participant = await customer();
    const outsider = await customer();
    const pending = await customer();
    await apply(t, participant, program.id);
    const manual = await recruitingProgram(t, pm);
    await apply(t, pending, manual.id);

    expect((await get(`/api/beta/programs/${program.id}`, participant)).json().feedbackBoard).toEqual({ slug, name: expect.any(String) });
    expect((await get(`/api/beta/programs/${program.id}`, outsider)).json().feedbackBoard).toBeNull();

    const created = await t.request({ method: 'POST', url: `/api/boards/${slug}/topics`, cookie: participant.cookie, body: { title: 'Export is slow', body: 'Takes **minutes**' } });
    expect(created.statusCode).toBe(201);
    const topicId = created.json().id;
    expect(created.json().canReply).toBe(true);
    const reply = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: pm.cookie, body: { body: 'Looking into it' } });
    expect(reply.statusCode).toBe(201);
    const list = await get(`/api/boards/${slug}/topics`, participant);
    expect(list.json().items.map((i: { id: number }) => i.id)).toEqual([topicId]);
    expect(list.json().board.canCreateTopic).toBe(true);

    // Everyone else: not in lists, not by slug, not by id, cannot post.
    for (const person of [outsider, pending]) {
      expect((await get('/api/boards', person)).json().boards.map((b: { slug: string }) => b.slug)).not.toContain(slug);
      expect((await get(`/api/boards/${slug}/topics`, person)).statusCode).toBe(404);
      expect((await get(`/api/topics/${topicId}`, person)).statusCode).toBe(404);
      expect((await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body: 'sneak' } })).statusCode).toBe(404);
      expect((await t.request({ method: 'POST', url: `/api/boards/${slug}/topics`, cookie: person.cookie, body: { title: 'x', body: 'y' } })).statusCode).toBe(404);
    }
    expect((await get(`/api/boards/${slug}/topics`)).statusCode).toBe(401);
    expect((await get(`/api/topics/${topicId}`)).statusCode).toBe(401);
    expect((await get('/api/boards')).json().boards.map((b: { slug: string }) => b.slug)).not.toContain(slug);
    // Staff read it, and reach it from the program page rather than the board list.
    expect((await get(`/api/topics/${topicId}`, ops)).statusCode).toBe(200);
    expect((await get('/api/boards', ops)).json().boards.map((b: { slug: string }) => b.slug)).not.toContain(slug);

    // Participants edit and see the history of their own feedback; outsiders still get 404.
    const opening = (await get(`/api/topics/${topicId}`, participant)).json().posts[0].id;
    const edit = await t.request({ method: 'PATCH', url: `/api/posts/${opening}`, cookie: participant.cookie, body: { body: 'Takes **hours**' } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await get(`/api/posts/${opening}/revisions`, participant)).statusCode).toBe(200);
    expect((await t.request({ method: 'PATCH', url: `/api/posts/${opening}`, cookie: outsider.cookie, body: { body: 'x' } })).statusCode).toBe(404);

    // A removed participant loses access at once.
    const applicationId = (await get(`/api/beta/programs/${program.id}`, participant)).json().application.id;
    await decide(t, pm, program.id, [applicationId], 'remove');
    expect((await get(`/api/topics/${topicId}`, participant)).statusCode).toBe(404);
  });

  it('keeps a closed program\'s feedback area readable but refuses new topics and replies', async () => {
    const program = await recruitingProgram(t, pm, { autoAccept: true });
    const slug = program.feedbackBoard.slug;
    const participant = await customer();
    await apply(t, participant, program.id);
    const created = await t.request({ method: 'POST', url: `/api/boards/${slug}/topics`, cookie: participant.cookie, body: { title: 'Before closing', body: 'Works' } });
    expect(created.statusCode).toBe(201);
    const topicId = created.json().id;
    for (const status of ['running', 'closed']) {
      const changed = await t.request({ method: 'POST', url: `/api/beta/programs/${program.id}/status`, cookie: pm.cookie, body: { status } });
      expect(changed.statusCode, changed.body).toBe(200);
    }
    for (const person of [participant, pm]) {
      const topic = await t.request({ method: 'POST', url: `/api/boards/${slug}/topics`, cookie: person.cookie, body: { title: 'After closing', body: 'No' } });
      expect(topic.statusCode).toBe(409);
      expect(topic.json().error.code).toBe('PROGRAM_CLOSED');
      const reply = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body: 'No' } });
      expect(reply.json().error.code).toBe('PROGRAM_CLOSED');
    }
    expect((await get(`/api/topics/${topicId}`, participant)).statusCode).toBe(200);
  });

  it('takes no topics on the programs board itself', async () => {
    const response = await t.request({ method: 'POST', url: '/api/boards/beta/topics', cookie: (await customer()).cookie, body: { title: 'x', body: 'y' } });
    expect(response.statusCode).toBe(403);
  });
});

describe('CSV export', () => {
  it('exports applications with escaped cells and defused formulas', async () => {
    const program = await recruitingProgram(t, pm);
    await apply(t, await customer('=HYPERLINK("x")'), program.id, { role: '+SUM(A1), "quoted"', accept: true });
    const response = await get(`/api/beta/programs/${program.id}/applications.csv`, pm);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const [header, row] = response.body.split('\r\n');
    expect(header).toBe('Application,Name,E-mail,Organization,Tier,Status,Applied at,Decided at,Message,Your role,Team size,I accept the precautions');
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(`"'+SUM(A1), ""quoted"""`);
    expect(row).toContain(',yes');
    expect((await get(`/api/beta/programs/${program.id}/applications.csv`, ops)).statusCode).toBe(403);
  });
});
