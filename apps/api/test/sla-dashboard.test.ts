import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, liveEvents, organizations, slaFirstResponses } from '@townhall/db';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { berlin, berlinSlaSettings } from './sla-helpers.ts';

// The staff dashboard: "I'm on it", the next check-in, first-response metrics and the
// organization report, on a Berlin calendar (Monday–Friday 09:00–18:00). 2026-01-14 is a
// Wednesday (UTC+1); its ISO week starts on Monday 2026-01-12.

let t: TestApp;
let admin: Person;
let ops: Person;
let pm: Person;
let acme: Person;
let tiny: Person;
let acmeId: number;
let tinyId: number;
const q: Record<string, number> = {};

const berlinSettings = berlinSlaSettings;

const ask = async (person: Person, at: string, title = 'A question') => {
  t.clock.set(berlin(at));
  const response = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: person.cookie, body: { title, body: 'How do I?' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
};
const reply = async (person: Person, topicId: number, at: string) => {
  t.clock.set(berlin(at));
  const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body: 'An answer' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
};
const get = (url: string, person: Person | null = ops) => t.request({ method: 'GET', url, ...(person ? { cookie: person.cookie } : {}) });
const assign = (topicId: number, path: 'assign' | 'release', person: Person | null) =>
  t.request({ method: 'POST', url: `/api/topics/${topicId}/sla/${path}`, ...(person ? { cookie: person.cookie } : {}) });

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  admin = await t.signedIn('admin');
  ops = await t.signedIn('ops');
  pm = await t.signedIn('pm');
  acme = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  tiny = await t.signedIn('customer', { organization: 'TinyCo', tier: 'tail' });
  acmeId = (await t.db.select().from(organizations).where(eq(organizations.name, 'Acme')))[0]!.id;
  tinyId = (await t.db.select().from(organizations).where(eq(organizations.name, 'TinyCo')))[0]!.id;
  const saved = await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: berlinSettings });
  expect(saved.statusCode, saved.body).toBe(200);
  const qaId = (await get('/api/staff/coverage')).json().boardChoices.find((board: { slug: string }) => board.slug === 'qa').id;
  await t.request({ method: 'PUT', url: '/api/staff/coverage', cookie: ops.cookie, body: { boardIds: [qaId], daysOff: [], backupId: null } });

  // The known week. Head targets 120 business minutes, tail 480.
  q.acmeFast = await ask(acme, '2026-01-14T10:00:00', 'Acme fast');
  q.acmeMedium = await ask(acme, '2026-01-14T10:00:00', 'Acme medium');
  q.acmeLate = await ask(acme, '2026-01-14T10:00:00', 'Acme late');
  q.tinyLate = await ask(tiny, '2026-01-14T10:00:00', 'TinyCo late');
  q.tinyCommunity = await ask(tiny, '2026-01-14T10:00:00', 'TinyCo community');
  q.tinyOpen = await ask(tiny, '2026-01-14T10:00:00', '=HYPERLINK("http://evil.test","TinyCo open")');
  await reply(ops, q.acmeFast, '2026-01-14T10:30:00'); // 30 minutes, met, ops
  await reply(pm, q.acmeMedium, '2026-01-14T11:00:00'); // 60 minutes, met, pm
  const community = await reply(acme, q.tinyCommunity, '2026-01-14T11:00:00');
  t.clock.set(berlin('2026-01-14T11:30:00'));
  const accepted = await t.request({ method: 'POST', url: `/api/topics/${q.tinyCommunity}/accepted-answer`, cookie: tiny.cookie, body: { postId: community } });
  expect(accepted.statusCode, accepted.body).toBe(200); // 90 minutes, met, nobody on staff
  await reply(ops, q.acmeLate, '2026-01-14T13:00:00'); // 180 minutes, breached at 12:00, ops
  await reply(ops, q.tinyLate, '2026-01-15T10:00:00'); // 480 on Wednesday + 60 on Thursday = 540, breached, ops
  q.acmeRunning = await ask(acme, '2026-01-15T11:30:00', 'Acme running'); // due 13:30: not settled at noon
  // q.tinyOpen is still unanswered: due Wednesday 18:00, breached.
});
afterAll(() => t.close());

describe('recording first responses', () => {
  it('stores each stopped first-response clock with its business minutes, outcome and responder', async () => {
    const rows = await t.db.select().from(slaFirstResponses);
    const byTopic = new Map(rows.map((row) => [row.topicId, row]));
    expect(byTopic.get(q.acmeFast!)).toMatchObject({ businessMinutes: 30, met: true, responderId: ops.id, stoppedBy: 'staff_reply', organizationId: acmeId, tier: 'head', targetMinutes: 120 });
    expect(byTopic.get(q.acmeLate!)).toMatchObject({ businessMinutes: 180, met: false, responderId: ops.id });
    expect(byTopic.get(q.tinyLate!)).toMatchObject({ businessMinutes: 540, met: false, respondedAt: berlin('2026-01-15T10:00:00') });
    expect(byTopic.get(q.tinyCommunity!)).toMatchObject({ businessMinutes: 90, met: true, responderId: null, stoppedBy: 'accepted_answer' });
    expect(byTopic.has(q.tinyOpen!)).toBe(false);
  });

  it('records a question closed by staff, once, and not the next-response clock after it', async () => {
    const topicId = await ask(acme, '2026-02-02T10:00:00', 'Closed in February');
    t.clock.set(berlin('2026-02-02T10:15:00'));
    const closed = await t.request({ method: 'POST', url: `/api/topics/${topicId}/status`, cookie: pm.cookie, body: { status: 'closed', reason: 'duplicate' } });
    expect(closed.statusCode, closed.body).toBe(200);
    const rows = await t.db.select().from(slaFirstResponses).where(eq(slaFirstResponses.topicId, topicId));
    expect(rows).toMatchObject([{ businessMinutes: 15, met: true, responderId: pm.id, stoppedBy: 'closed' }]);
  });
});

describe('metrics', () => {
  const range = 'from=2026-01-05&to=2026-01-16';
  const row = (settled: number, met: number, answered: number, median: number | null, p90: number | null, attainment: number | null) => ({
    settled,
    met,
    breached: settled - met,
    answered,
    medianMinutes: median,
    p90Minutes: p90,
    attainmentPercent: attainment,
  });

  it('gives median, p90 and attainment by week, organization, tier, board and staff member', async () => {
    t.clock.set(berlin('2026-01-15T12:00:00'));
    const response = await get(`/api/staff/sla-metrics?${range}`);
    expect(response.statusCode, response.body).toBe(200);
    const metrics = response.json();
    expect(metrics).toMatchObject({ from: '2026-01-05', to: '2026-01-16', timeZone: 'Europe/Berlin' });
    // Answered in 30, 60, 90, 180 and 540 business minutes; one more breached and unanswered.
    expect(metrics.overall).toMatchObject(row(6, 3, 5, 90, 396, 50));
    expect(metrics.weeks).toEqual([
      { key: '2026-01-05', label: '2026-01-05', ...row(0, 0, 0, null, null, null) },
      { key: '2026-01-12', label: '2026-01-12', ...row(6, 3, 5, 90, 396, 50) },
    ]);
    expect(metrics.tiers).toEqual([
      { key: 'head', label: 'Head', ...row(3, 2, 3, 60, 156, 66.7) },
      { key: 'waist', label: 'Waist', ...row(0, 0, 0, null, null, null) },
      { key: 'tail', label: 'Tail', ...row(3, 1, 2, 315, 495, 33.3) },
    ]);
    expect(metrics.organizations).toEqual([
      { key: String(acmeId), label: 'Acme', ...row(3, 2, 3, 60, 156, 66.7) },
      { key: String(tinyId), label: 'TinyCo', ...row(3, 1, 2, 315, 495, 33.3) },
    ]);
    expect(metrics.boards).toMatchObject([{ label: 'Q&A', ...row(6, 3, 5, 90, 396, 50) }]);
    const staff = Object.fromEntries(metrics.staff.map((entry: { key: string }) => [entry.key, entry]));
    expect(Object.keys(staff).sort()).toEqual([String(ops.id), String(pm.id)].sort());
    expect(staff[ops.id]).toMatchObject(row(3, 1, 3, 180, 468, 33.3));
    expect(staff[pm.id]).toMatchObject(row(1, 1, 1, 60, 60, 100));
  });

  it('counts a running clock only once it passed its deadline', async () => {
    t.clock.set(berlin('2026-01-15T13:30:00'));
    expect((await get(`/api/staff/sla-metrics?${range}`)).json().overall).toMatchObject(row(7, 3, 5, 90, 396, 42.9));
  });

  it('filters by tier and by board', async () => {
    t.clock.set(berlin('2026-01-15T12:00:00'));
    expect((await get(`/api/staff/sla-metrics?${range}&tier=tail`)).json().overall).toMatchObject(row(3, 1, 2, 315, 495, 33.3));
    expect((await get(`/api/staff/sla-metrics?${range}&board=release-notes`)).json().overall).toMatchObject(row(0, 0, 0, null, null, null));
  });

  it('answers 400 naming the field for a bad period or board', async () => {
    for (const [query, field] of [
      ['from=2026-01-20&to=2026-01-10', 'from'],
      ['to=2026-13-01', 'to'],
      ['board=nope', 'board'],
      ['tier=gold', 'tier'],
    ]) {
      const response = await get(`/api/staff/sla-metrics?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.field, query).toBe(field);
    }
  });

  it('is for staff only', async () => {
    expect((await get('/api/staff/sla-metrics', tiny)).statusCode).toBe(403);
    expect((await get('/api/staff/sla-metrics', null)).statusCode).toBe(401);
    expect((await get(`/api/staff/sla-metrics/organizations/${tinyId}`, tiny)).statusCode).toBe(403);
    expect((await get(`/api/staff/sla-metrics/organizations/${tinyId}/breaches.csv`, tiny)).statusCode).toBe(403);
    expect((await get('/api/staff/next-check-in', acme)).statusCode).toBe(403);
  });
});

describe('the organization report', () => {
  it('lists its figures and its breaches, answered late and still open', async () => {
    t.clock.set(berlin('2026-01-15T12:00:00'));
    const response = await get(`/api/staff/sla-metrics/organizations/${tinyId}?from=2026-01-12&to=2026-01-18`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.organization).toEqual({ key: String(tinyId), name: 'TinyCo', tier: 'tail' });
    expect(report.overall).toMatchObject({ settled: 3, met: 1, attainmentPercent: 33.3, medianMinutes: 315 });
    expect(report.weeks).toMatchObject([{ key: '2026-01-12', settled: 3 }]);
    expect(report.breaches).toEqual([
      expect.objectContaining({ topicId: q.tinyLate, respondedAt: berlin('2026-01-15T10:00:00').toISOString(), businessMinutes: 540, responderName: expect.any(String), targetMinutes: 480 }),
      expect.objectContaining({ topicId: q.tinyOpen, respondedAt: null, businessMinutes: null, responderName: null, dueAt: berlin('2026-01-14T18:00:00').toISOString() }),
    ]);
    expect(report.breachesTruncated).toBe(false);
  });

  it('answers 404 for an unknown organization and reports customers without one', async () => {
    expect((await get('/api/staff/sla-metrics/organizations/999999')).statusCode).toBe(404);
    const none = await get('/api/staff/sla-metrics/organizations/none');
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json()).toMatchObject({ organization: { key: 'none', name: 'No organization' }, breaches: [] });
  });

  it('exports the breaches as CSV with formulas defused', async () => {
    t.clock.set(berlin('2026-01-15T12:00:00'));
    const response = await get(`/api/staff/sla-metrics/organizations/${tinyId}/breaches.csv?from=2026-01-12&to=2026-01-18`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="sla-breaches-${tinyId}-2026-01-12-2026-01-18.csv"`);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Organization,Topic,Title,Board,Asker,Tier,Asked at,Due at,Target (business minutes),Responded at,Response (business minutes),Responder');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`TinyCo,${q.tinyLate},TinyCo late,Q&A,`);
    expect(lines[1]).toContain(',480,2026-01-15T09:00:00.000Z,540,');
    expect(lines[2]).toContain(`TinyCo,${q.tinyOpen},"'=HYPERLINK(""http://evil.test"",""TinyCo open"")"`);
    expect(lines[2]).toContain(',not yet,,');
  });
});

describe("I'm on it", () => {
  it('lets a staff member take a question, shows it on the topic and in the queue, audited and published live', async () => {
    t.clock.set(berlin('2026-01-15T12:00:00'));
    const taken = await assign(q.acmeRunning!, 'assign', ops);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().sla.assignee).toMatchObject({ id: ops.id });
    expect((await get(`/api/topics/${q.acmeRunning}`, pm)).json().sla.assignee).toMatchObject({ id: ops.id });
    const audited = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'topic.sla_taken'), eq(auditLog.subjectId, String(q.acmeRunning))));
    expect(audited).toHaveLength(1);
    const published = await t.db.select().from(liveEvents).where(and(eq(liveEvents.channel, `topic:${q.acmeRunning}`), eq(liveEvents.kind, 'topic.sla')));
    expect(published.length).toBeGreaterThanOrEqual(1);

    const mine = (await get('/api/staff/sla-queue?assignee=me')).json().items;
    expect(mine.map((item: { topicId: number }) => item.topicId)).toEqual([q.acmeRunning]);
    expect(mine[0]).toMatchObject({ assigneeId: ops.id, assigneeName: expect.any(String) });
    const pmMine = (await get('/api/staff/sla-queue?assignee=me', pm)).json().items;
    expect(pmMine).toEqual([]);
    const unassigned = (await get('/api/staff/sla-queue?assignee=unassigned')).json().items.map((item: { topicId: number }) => item.topicId);
    expect(unassigned).toContain(q.tinyOpen);
    expect(unassigned).not.toContain(q.acmeRunning);
    const anyone = (await get('/api/staff/sla-queue?assignee=anyone')).json().items.map((item: { topicId: number }) => item.topicId);
    expect(anyone).toEqual(expect.arrayContaining([q.acmeRunning, q.tinyOpen]));
    const csv = (await get('/api/staff/sla-queue.csv?assignee=me')).body.trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[0]).toMatch(/,Assignee$/);
  });

  it('repeats harmlessly, refuses a colleague, and lets only the assignee or an admin release', async () => {
    expect((await assign(q.acmeRunning!, 'assign', ops)).statusCode).toBe(200);
    const stolen = await assign(q.acmeRunning!, 'assign', pm);
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().error.code).toBe('SLA_ASSIGNED_TO_SOMEONE_ELSE');
    expect((await assign(q.acmeRunning!, 'release', pm)).statusCode).toBe(409);
    const released = await assign(q.acmeRunning!, 'release', ops);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().sla.assignee).toBeNull();
    expect((await assign(q.acmeRunning!, 'assign', pm)).statusCode).toBe(200);
    const byAdmin = await assign(q.acmeRunning!, 'release', admin);
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json().sla.assignee).toBeNull();
  });

  it('refuses a question whose clock stopped or that has none', async () => {
    const stopped = await assign(q.acmeFast!, 'assign', ops);
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().error.code).toBe('SLA_CLOCK_NOT_OPEN');
    const staffQuestion = await ask(ops, '2026-01-15T12:00:00', 'Asked by staff');
    expect((await assign(staffQuestion, 'assign', ops)).json().error.code).toBe('SLA_CLOCK_NOT_OPEN');
  });

  it('is for staff only: customers 403, guests 401', async () => {
    expect((await assign(q.tinyOpen!, 'assign', tiny)).statusCode).toBe(403);
    expect((await assign(q.tinyOpen!, 'release', acme)).statusCode).toBe(403);
    expect((await assign(q.tinyOpen!, 'assign', null)).statusCode).toBe(401);
    expect((await assign(999999, 'assign', ops)).statusCode).toBe(404);
  });
});

describe('the next check-in', () => {
  it('shows the window and what my digest for it holds, assigned items only to their assignee', async () => {
    t.clock.set(berlin('2026-01-15T12:00:00'));
    expect((await assign(q.acmeRunning!, 'assign', ops)).statusCode).toBe(200);
    t.clock.set(berlin('2026-01-15T08:30:00'));
    const response = await get('/api/staff/next-check-in');
    expect(response.statusCode, response.body).toBe(200);
    const next = response.json();
    expect(next).toMatchObject({
      timeZone: 'Europe/Berlin',
      window: { opensAt: berlin('2026-01-15T09:00:00').toISOString(), closesAt: berlin('2026-01-15T09:30:00').toISOString() },
      nextWindowOpensAt: berlin('2026-01-15T17:30:00').toISOString(),
      noDigestReason: null,
    });
    expect(next.breached.map((item: { topicId: number }) => item.topicId)).toEqual([q.tinyOpen]);
    expect(next.dueThisWindow).toEqual([]);
    expect(next.dueBeforeNextWindow.map((item: { topicId: number }) => item.topicId)).toEqual([q.acmeRunning]);

    // pm covers no board and took nothing: an empty digest. Admins are not on the check-in rota.
    const forPm = (await get('/api/staff/next-check-in', pm)).json();
    expect(forPm).toMatchObject({ noDigestReason: null, breached: [], dueThisWindow: [], dueBeforeNextWindow: [] });
    expect((await get('/api/staff/next-check-in', admin)).json().noDigestReason).toBe('not_on_rota');
  });
});
