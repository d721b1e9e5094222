import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, organizations, topicSla } from '@townhall/db';
import { buildCheckInDigest } from '@townhall/domain';
import { createSlaRepository } from '../src/features/sla/sla.repository.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { berlin, berlinSlaSettings } from './sla-helpers.ts';

let t: TestApp;
let admin: Person;
let ops: Person;
let pm: Person;
let head: Person;
let tail: Person;
let onboarding: Person;
let noOrganization: Person;

// Berlin, Monday to Friday 09:00–18:00. 2026-01-14 is a Wednesday (UTC+1).
const berlinSettings = { ...berlinSlaSettings, holidays: ['2026-01-01'] };

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  admin = await t.signedIn('admin');
  ops = await t.signedIn('ops');
  pm = await t.signedIn('pm');
  head = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  tail = await t.signedIn('customer', { organization: 'TinyCo', tier: 'tail' });
  onboarding = await t.signedIn('customer', { organization: 'Newco', tier: 'waist' });
  noOrganization = await t.signedIn('customer');
  await t.db.update(organizations).set({ lifecycleStage: 'onboarding' }).where(eq(organizations.name, 'Newco'));
  const saved = await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: berlinSettings });
  expect(saved.statusCode, saved.body).toBe(200);
});
afterAll(() => t.close());
beforeEach(() => t.clock.set(berlin('2026-01-14T10:00:00')));

const ask = async (person: Person, title = 'A question') => {
  const response = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: person.cookie, body: { title, body: 'How do I?' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
};
const reply = async (person: Person, topicId: number) => {
  const response = await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: person.cookie, body: { body: 'A reply' } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as number;
};
const slaOf = async (topicId: number, person: Person = ops) => {
  const response = await t.request({ method: 'GET', url: `/api/topics/${topicId}`, cookie: person.cookie });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().sla;
};
const act = (topicId: number, action: 'pause' | 'resume' | 'urgent', person: Person = ops) =>
  t.request({ method: 'POST', url: `/api/topics/${topicId}/sla/${action}`, cookie: person.cookie });

describe('the first-response clock', () => {
  it.each<[string, () => Person, string, number, boolean]>([
    ['a head customer', () => head, '2026-01-14T12:00:00', 120, false],
    ['a tail customer (the whole working day)', () => tail, '2026-01-14T18:00:00', 480, false],
    ['an onboarding customer (tightened by the factor)', () => onboarding, '2026-01-14T12:00:00', 120, true],
    ['a customer without an organization (as tail)', () => noOrganization, '2026-01-14T18:00:00', 480, false],
  ])('starts for %s with the target of their tier', async (_title, asker, dueAt, targetMinutes, tightened) => {
    const topicId = await ask(asker());
    expect(await slaOf(topicId)).toMatchObject({
      kind: 'first',
      state: 'within',
      startedAt: berlin('2026-01-14T10:00:00').toISOString(),
      dueAt: berlin(dueAt).toISOString(),
      targetMinutes,
      tightened,
      canWork: true,
    });
  });

  it('tightens for a renewal within the admin’s window, by the admin’s factor', async () => {
    await t.db.update(organizations).set({ renewalOn: '2026-02-20' }).where(eq(organizations.name, 'Acme'));
    const put = await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: { ...berlinSettings, lifecycleTargetFactor: 0.25 } });
    expect(put.statusCode, put.body).toBe(200);
    try {
      expect(await slaOf(await ask(head))).toMatchObject({ targetMinutes: 30, tightened: true, dueAt: berlin('2026-01-14T10:30:00').toISOString() });
      await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: { ...berlinSettings, renewalTighteningDays: 30 } });
      expect(await slaOf(await ask(head))).toMatchObject({ targetMinutes: 120, tightened: false });
    } finally {
      await t.db.update(organizations).set({ renewalOn: null }).where(eq(organizations.name, 'Acme'));
      await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: berlinSettings });
    }
  });

  it('never shows the clock to customers or guests', async () => {
    const topicId = await ask(head);
    const asCustomer = (await t.request({ method: 'GET', url: `/api/topics/${topicId}`, cookie: head.cookie })).json();
    const asGuest = (await t.request({ method: 'GET', url: `/api/topics/${topicId}` })).json();
    expect(asCustomer).not.toHaveProperty('sla');
    expect(asGuest).not.toHaveProperty('sla');
    const list = (await t.request({ method: 'GET', url: '/api/boards/qa/topics?limit=5', cookie: head.cookie })).json();
    expect(list.items[0]).not.toHaveProperty('sla');
  });

  it('shows the clock in the board list to staff', async () => {
    const topicId = await ask(head, 'Listed with its clock');
    const list = (await t.request({ method: 'GET', url: '/api/boards/qa/topics?limit=5', cookie: pm.cookie })).json();
    expect(list.items.find((item: { id: number }) => item.id === topicId).sla).toEqual({ state: 'within', dueAt: berlin('2026-01-14T12:00:00').toISOString(), urgent: false });
  });

  it('starts no clock for a question asked by staff', async () => {
    const topicId = await ask(ops);
    expect(await slaOf(topicId)).toBeNull();
  });

  it('derives due soon and breached from the deadline at read time', async () => {
    const topicId = await ask(head);
    t.clock.set(berlin('2026-01-14T11:45:00'));
    expect((await slaOf(topicId)).state).toBe('due_soon');
    t.clock.set(berlin('2026-01-14T12:00:00'));
    expect((await slaOf(topicId)).state).toBe('breached');
    const [row] = await t.db.select().from(topicSla).where(eq(topicSla.topicId, topicId));
    expect(row!.state).toBe('within');
  });

  it('is met by a staff reply in time', async () => {
    const topicId = await ask(head);
    t.clock.set(berlin('2026-01-14T11:00:00'));
    await reply(ops, topicId);
    expect(await slaOf(topicId)).toMatchObject({ state: 'met', metAt: berlin('2026-01-14T11:00:00').toISOString() });
  });

  it('is breached by a late staff reply, and stays breached', async () => {
    const topicId = await ask(head);
    t.clock.set(berlin('2026-01-14T12:30:00'));
    await reply(pm, topicId);
    t.clock.set(berlin('2026-01-20T12:30:00'));
    expect((await slaOf(topicId)).state).toBe('breached');
  });

  it('keeps running on a community answer and is met when the asker accepts it', async () => {
    const topicId = await ask(head);
    const answerId = await reply(tail, topicId);
    expect((await slaOf(topicId)).state).toBe('within');
    t.clock.set(berlin('2026-01-14T11:30:00'));
    const accepted = await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: head.cookie, body: { postId: answerId } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await slaOf(topicId)).toMatchObject({ state: 'met', metAt: berlin('2026-01-14T11:30:00').toISOString() });
  });
});

describe('closing a question', () => {
  it('stops the clock, met in time', async () => {
    const topicId = await ask(head);
    t.clock.set(berlin('2026-01-14T11:00:00'));
    const closed = await t.request({ method: 'POST', url: `/api/topics/${topicId}/status`, cookie: ops.cookie, body: { status: 'closed', reason: 'duplicate' } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await slaOf(topicId)).toMatchObject({ state: 'met', metAt: berlin('2026-01-14T11:00:00').toISOString() });
  });
});

describe('the next-response clock', () => {
  it('starts when the asker follows up after a staff answer, with the next-response target', async () => {
    const topicId = await ask(tail);
    t.clock.set(berlin('2026-01-14T11:00:00'));
    await reply(ops, topicId);
    t.clock.set(berlin('2026-01-14T16:00:00'));
    await reply(tail, topicId);
    expect(await slaOf(topicId)).toMatchObject({ kind: 'next', state: 'within', targetMinutes: 240, dueAt: berlin('2026-01-15T11:00:00').toISOString(), metAt: null });
    t.clock.set(berlin('2026-01-15T10:00:00'));
    await reply(ops, topicId);
    expect(await slaOf(topicId)).toMatchObject({ kind: 'next', state: 'met' });
  });

  it('does not start when the asker thanks on a solved question', async () => {
    const topicId = await ask(head);
    const answerId = await reply(ops, topicId);
    await t.request({ method: 'POST', url: `/api/topics/${topicId}/accepted-answer`, cookie: head.cookie, body: { postId: answerId } });
    await reply(head, topicId);
    expect(await slaOf(topicId)).toMatchObject({ kind: 'first', state: 'met' });
  });

  it('does not start on a follow-up before staff answered, nor on another customer’s reply', async () => {
    const topicId = await ask(head);
    await reply(head, topicId);
    expect(await slaOf(topicId)).toMatchObject({ kind: 'first', startedAt: berlin('2026-01-14T10:00:00').toISOString() });
    await reply(ops, topicId);
    await reply(tail, topicId);
    expect(await slaOf(topicId)).toMatchObject({ kind: 'first', state: 'met' });
  });
});

describe('pause, resume and urgent', () => {
  it('pauses while waiting on the customer, and the customer’s reply resumes with the minutes left', async () => {
    const topicId = await ask(head);
    t.clock.set(berlin('2026-01-14T11:30:00'));
    const paused = await act(topicId, 'pause');
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().sla).toMatchObject({ state: 'paused', remainingMinutes: 30, pausedAt: berlin('2026-01-14T11:30:00').toISOString() });
    t.clock.set(berlin('2026-01-15T17:45:00'));
    expect((await slaOf(topicId)).state).toBe('paused');
    await reply(head, topicId);
    expect(await slaOf(topicId)).toMatchObject({ state: 'within', pausedAt: null, dueAt: berlin('2026-01-16T09:15:00').toISOString() });
  });

  it('lets staff resume, and repeating an action changes nothing', async () => {
    const topicId = await ask(head);
    t.clock.set(berlin('2026-01-14T11:00:00'));
    await act(topicId, 'pause');
    expect((await act(topicId, 'pause', pm)).json().sla).toMatchObject({ state: 'paused', pausedAt: berlin('2026-01-14T11:00:00').toISOString() });
    t.clock.set(berlin('2026-01-14T14:00:00'));
    const resumed = await act(topicId, 'resume', pm);
    expect(resumed.json().sla).toMatchObject({ state: 'within', dueAt: berlin('2026-01-14T15:00:00').toISOString() });
    expect((await act(topicId, 'resume')).statusCode).toBe(200);
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, String(topicId)));
    expect(audited.map((row) => row.action).sort()).toEqual(['topic.sla_paused', 'topic.sla_resumed']);
  });

  it('refuses to pause a met clock or a question without one', async () => {
    const met = await ask(head);
    await reply(ops, met);
    const refused = await act(met, 'pause');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('SLA_CLOCK_NOT_OPEN');
    expect((await act(await ask(ops), 'urgent')).statusCode).toBe(409);
  });

  it('refuses customers, even the asker', async () => {
    const topicId = await ask(head);
    expect((await act(topicId, 'pause', head)).statusCode).toBe(403);
    expect((await act(topicId, 'urgent', head)).statusCode).toBe(403);
  });
});

describe('the staff queue', () => {
  it('lists running clocks urgent first, then by deadline, then tier, in keyset pages, and as CSV', async () => {
    const queue = await createTestApp();
    try {
      queue.clock.set(berlin('2026-01-14T10:00:00'));
      const [queueOps, queueHead, queueTail, queueWaist] = [
        await queue.signedIn('ops'),
        await queue.signedIn('customer', { organization: 'Big', tier: 'head' }),
        await queue.signedIn('customer', { organization: 'Small', tier: 'tail' }),
        await queue.signedIn('customer', { organization: 'Mid', tier: 'waist' }),
      ];
      const askIn = async (person: Person, title: string) =>
        (await queue.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: person.cookie, body: { title, body: 'x' } })).json().id as number;
      // UTC defaults: head 120, waist 240, tail 480 minutes from 09:00 UTC.
      const tailTopic = await askIn(queueTail, 'Tail, due last');
      const waistTopic = await askIn(queueWaist, 'Waist');
      const headTopic = await askIn(queueHead, 'Head, due first');
      const urgentTail = await askIn(queueTail, 'Tail, urgent');
      const answered = await askIn(queueHead, 'Answered');
      await queue.request({ method: 'POST', url: `/api/topics/${answered}/posts`, cookie: queueOps.cookie, body: { body: 'done' } });
      const paused = await askIn(queueHead, 'Paused');
      await queue.request({ method: 'POST', url: `/api/topics/${paused}/sla/pause`, cookie: queueOps.cookie });
      await queue.request({ method: 'POST', url: `/api/topics/${urgentTail}/sla/urgent`, cookie: queueOps.cookie });
      queue.clock.set(berlin('2026-01-14T11:45:00'));

      const first = await queue.request({ method: 'GET', url: '/api/staff/sla-queue?limit=2', cookie: queueOps.cookie });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().items.map((i: { topicId: number }) => i.topicId)).toEqual([urgentTail, headTopic]);
      // UTC defaults: the evening window is next.
      expect(first.json().nextWindow).toEqual({ opensAt: '2026-01-14T17:30:00.000Z', closesAt: '2026-01-14T18:00:00.000Z' });
      expect(first.json().timeZone).toBe('UTC');
      expect(first.json().items[1]).toMatchObject({ state: 'due_soon', tier: 'head', organizationName: 'Big', board: { slug: 'qa' }, urgent: false });
      const second = await queue.request({ method: 'GET', url: `/api/staff/sla-queue?limit=2&cursor=${first.json().nextCursor}`, cookie: queueOps.cookie });
      expect(second.json().items.map((i: { topicId: number }) => i.topicId)).toEqual([waistTopic, tailTopic]);
      expect(second.json().nextCursor).toBeNull();
      // The account moves to waist: its question keeps the deadline set from head, and says so.
      expect(first.json().items[1]).toMatchObject({ tier: 'head', organizationTier: 'head' });
      await queue.db.update(organizations).set({ tier: 'waist' }).where(eq(organizations.name, 'Big'));
      const moved = await queue.request({ method: 'GET', url: '/api/staff/sla-queue?limit=2', cookie: queueOps.cookie });
      expect(moved.json().items[1]).toMatchObject({ topicId: headTopic, tier: 'head', organizationTier: 'waist' });
      await queue.db.update(organizations).set({ tier: 'head' }).where(eq(organizations.name, 'Big'));

      // The other view: questions whose clock is paused, waiting on the customer.
      const waiting = await queue.request({ method: 'GET', url: '/api/staff/sla-queue?view=waiting_on_customer', cookie: queueOps.cookie });
      expect(waiting.json().items.map((i: { topicId: number; state: string }) => [i.topicId, i.state])).toEqual([[paused, 'paused']]);
      const waitingCsv = await queue.request({ method: 'GET', url: '/api/staff/sla-queue.csv?view=waiting_on_customer', cookie: queueOps.cookie });
      expect(waitingCsv.body.trim().split('\r\n').slice(1).map((line) => Number(line.split(',')[0]))).toEqual([paused]);
      const badView = await queue.request({ method: 'GET', url: '/api/staff/sla-queue?view=everything', cookie: queueOps.cookie });
      expect(badView.statusCode).toBe(400);

      const tails = await queue.request({ method: 'GET', url: '/api/staff/sla-queue?tier=tail', cookie: queueOps.cookie });
      expect(tails.json().items.map((i: { topicId: number }) => i.topicId)).toEqual([urgentTail, tailTopic]);
      const badBoard = await queue.request({ method: 'GET', url: '/api/staff/sla-queue?board=nope', cookie: queueOps.cookie });
      expect(badBoard.json().error.field).toBe('board');
      const badCursor = await queue.request({ method: 'GET', url: '/api/staff/sla-queue?cursor=abc', cookie: queueOps.cookie });
      expect(badCursor.json().error.code).toBe('INVALID_CURSOR');

      const csv = await queue.request({ method: 'GET', url: '/api/staff/sla-queue.csv', cookie: queueOps.cookie });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trim().split('\r\n');
      expect(lines[0]).toBe('Topic,Title,Board,Asker,Organization,Tier,Clock,State,Urgent,Started at,Due at,Assignee');
      expect(lines.slice(1).map((line) => Number(line.split(',')[0]))).toEqual([urgentTail, headTopic, waistTopic, tailTopic]);

      const asCustomer = await queue.request({ method: 'GET', url: '/api/staff/sla-queue', cookie: queueHead.cookie });
      expect(asCustomer.statusCode).toBe(403);
      expect((await queue.request({ method: 'GET', url: '/api/staff/sla-queue.csv', cookie: queueHead.cookie })).statusCode).toBe(403);
    } finally {
      await queue.close();
    }
  });
});

describe('SLA settings', () => {
  it('gives the saved settings back, normalized', async () => {
    const response = await t.request({ method: 'GET', url: '/api/admin/sla-settings', cookie: admin.cookie });
    expect(response.statusCode).toBe(200);
    expect(response.json().settings).toEqual(berlinSettings);
    expect(response.json().updatedAt).toBeTypeOf('string');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'timeZone'],
    ['an impossible holiday', { holidays: ['2026-01-01', '2026-02-30'] }, 'holidays[1]'],
    ['a make-up day that is already a working day', { makeUpWorkingDays: ['2026-01-14'] }, 'makeUpWorkingDays[0]'],
    ['working hours that end before they start', { workingHours: [{ start: '18:00', end: '09:00' }] }, 'workingHours[0].end'],
    ['overlapping check-in windows', { checkInWindows: [{ opens: '09:00', closes: '10:00' }, { opens: '09:30', closes: '10:30' }] }, 'checkInWindows[1]'],
    ['a weekday 8', { workingWeekdays: [1, 8] }, 'workingWeekdays[1]'],
    ['a factor of 0', { lifecycleTargetFactor: 0 }, 'lifecycleTargetFactor'],
    ['a fractional target', { firstResponseTargetMinutesByTier: { head: 1.5, waist: 240, tail: 480 } }, 'firstResponseTargetMinutesByTier.head'],
    ['a missing field', { alertLeadMinutes: undefined }, 'alertLeadMinutes'],
  ])('rejects %s, naming the field', async (_title, change, field) => {
    const response = await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: { ...berlinSettings, ...change } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });

  it('audits which settings changed, from what to what', async () => {
    const changed = {
      ...berlinSettings,
      alertLeadMinutes: 15,
      holidays: ['2026-01-01', '2026-05-01'],
      firstResponseTargetMinutesByTier: { head: 90, waist: 240, tail: 480 },
    };
    const put = await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: changed });
    expect(put.statusCode, put.body).toBe(200);
    const back = await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: berlinSettings });
    expect(back.statusCode, back.body).toBe(200);

    const log = await t.request({ method: 'GET', url: '/api/audit-log?action=sla.settings_changed&limit=2', cookie: admin.cookie });
    const [undone, done] = log.json().items as { actor: { id: number }; details: Record<string, unknown> }[];
    expect(done!.actor.id).toBe(admin.id);
    expect(done!.details).toEqual({
      changes: {
        alertLeadMinutes: { from: 30, to: 15 },
        holidays: { from: ['2026-01-01'], to: ['2026-01-01', '2026-05-01'] },
        firstResponseTargetMinutesByTier: { from: { head: 120, waist: 240, tail: 480 }, to: { head: 90, waist: 240, tail: 480 } },
      },
    });
    expect(undone!.details).toEqual({
      changes: {
        alertLeadMinutes: { from: 15, to: 30 },
        holidays: { from: ['2026-01-01', '2026-05-01'], to: ['2026-01-01'] },
        firstResponseTargetMinutesByTier: { from: { head: 90, waist: 240, tail: 480 }, to: { head: 120, waist: 240, tail: 480 } },
      },
    });

    const unchanged = await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: admin.cookie, body: berlinSettings });
    expect(unchanged.statusCode).toBe(200);
    const [latest] = (await t.request({ method: 'GET', url: '/api/audit-log?action=sla.settings_changed&limit=1', cookie: admin.cookie })).json().items;
    expect(latest.details).toEqual({ changes: {} });
  });

  it('is for admins only', async () => {
    for (const person of [ops, pm, head]) {
      expect((await t.request({ method: 'GET', url: '/api/admin/sla-settings', cookie: person.cookie })).statusCode).toBe(403);
      expect((await t.request({ method: 'PUT', url: '/api/admin/sla-settings', cookie: person.cookie, body: berlinSettings })).statusCode).toBe(403);
    }
  });
});

describe('the staff calendar', () => {
  it("gives staff the workspace's time zone", async () => {
    for (const person of [admin, ops, pm]) {
      const response = await t.request({ method: 'GET', url: '/api/staff/calendar', cookie: person.cookie });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ timeZone: 'Europe/Berlin' });
    }
  });

  it('is for staff only', async () => {
    expect((await t.request({ method: 'GET', url: '/api/staff/calendar', cookie: head.cookie })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/staff/calendar' })).statusCode).toBe(401);
  });
});

describe('staff coverage', () => {
  it('lets staff set their own boards, days off and backup', async () => {
    const empty = await t.request({ method: 'GET', url: '/api/staff/coverage', cookie: ops.cookie });
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ userId: ops.id, boardIds: [], daysOff: [], backupId: null });
    const qa = empty.json().boardChoices.find((board: { slug: string }) => board.slug === 'qa');
    expect(empty.json().backupChoices.map((p: { id: number }) => p.id)).toContain(pm.id);
    expect(empty.json().backupChoices.map((p: { id: number }) => p.id)).not.toContain(ops.id);

    const saved = await t.request({
      method: 'PUT',
      url: '/api/staff/coverage',
      cookie: ops.cookie,
      body: { boardIds: [qa.id], daysOff: ['2026-02-02', '2026-01-30', '2026-02-02'], backupId: pm.id },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ boardIds: [qa.id], daysOff: ['2026-01-30', '2026-02-02'], backupId: pm.id });
  });

  it.each<[string, (qaId: number) => Record<string, unknown>, string]>([
    ['a bad day off', () => ({ boardIds: [], daysOff: ['2026-02-30'], backupId: null }), 'daysOff[0]'],
    ['oneself as backup', () => ({ boardIds: [], daysOff: [], backupId: -1 }), 'backupId'],
    ['an unknown board', (qaId) => ({ boardIds: [qaId, 999_999], daysOff: [], backupId: null }), 'boardIds[1]'],
    ['a customer as backup', () => ({ boardIds: [], daysOff: [], backupId: -2 }), 'backupId'],
  ])('rejects %s, naming the field', async (_title, body, field) => {
    const qaId = (await t.request({ method: 'GET', url: '/api/staff/coverage', cookie: pm.cookie })).json().boardChoices[0].id;
    const payload = body(qaId);
    if (payload.backupId === -1) payload.backupId = pm.id;
    if (payload.backupId === -2) payload.backupId = head.id;
    const response = await t.request({ method: 'PUT', url: '/api/staff/coverage', cookie: pm.cookie, body: payload });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.field).toBe(field);
  });

  it('lets admins edit anyone’s coverage, audited, and nobody else', async () => {
    const put = await t.request({ method: 'PUT', url: `/api/admin/staff/${pm.id}/coverage`, cookie: admin.cookie, body: { boardIds: [], daysOff: ['2026-03-02'], backupId: ops.id } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/admin/staff/${pm.id}/coverage`, cookie: admin.cookie })).json()).toMatchObject({ daysOff: ['2026-03-02'], backupId: ops.id });
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.action, 'staff.coverage_changed'));
    expect(audited.map((row) => row.subjectId)).toContain(String(pm.id));
    expect((await t.request({ method: 'PUT', url: `/api/admin/staff/${pm.id}/coverage`, cookie: ops.cookie, body: { boardIds: [], daysOff: [], backupId: null } })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: `/api/admin/staff/${head.id}/coverage`, cookie: admin.cookie })).statusCode).toBe(404);
  });

  it('is for staff only', async () => {
    expect((await t.request({ method: 'GET', url: '/api/staff/coverage', cookie: head.cookie })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/staff/coverage' })).statusCode).toBe(401);
  });
});

describe('check-in digest inputs', () => {
  it('feeds buildCheckInDigest from the stored clocks and coverage: a person on leave hands over to the backup', async () => {
    const app = await createTestApp();
    try {
      app.clock.set('2026-01-14T08:00:00Z');
      const [onLeave, backup, customer] = [await app.signedIn('ops'), await app.signedIn('pm'), await app.signedIn('customer', { tier: 'head' })];
      const qaId = (await app.request({ method: 'GET', url: '/api/staff/coverage', cookie: onLeave.cookie })).json().boardChoices.find((b: { slug: string }) => b.slug === 'qa').id;
      await app.request({ method: 'PUT', url: '/api/staff/coverage', cookie: onLeave.cookie, body: { boardIds: [qaId], daysOff: ['2026-01-14'], backupId: backup.id } });
      const asked = await app.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: customer.cookie, body: { title: 'Due at 11:00', body: 'x' } });
      const topicId = asked.json().id as number;

      const sla = createSlaRepository(app.db);
      const items = await sla.listDigestItems({ dueBefore: new Date('2026-01-14T17:30:00Z') });
      expect(items).toEqual([expect.objectContaining({ topicId, boardId: qaId, tier: 'head', dueAt: new Date('2026-01-14T11:00:00Z'), state: 'within', urgent: false, assigneeId: null })]);
      const staff = await sla.listStaffCoverage();
      const { digests } = buildCheckInDigest({
        window: { opensAt: new Date('2026-01-14T09:00:00Z'), closesAt: new Date('2026-01-14T09:30:00Z') },
        nextWindow: { opensAt: new Date('2026-01-14T17:30:00Z'), closesAt: new Date('2026-01-14T18:00:00Z') },
        timeZone: 'UTC',
        items,
        staff,
      });
      expect(digests.map((d) => [d.recipientId, d.dueBeforeNextWindow.map((i) => i.topicId)])).toEqual([[backup.id, [topicId]]]);
    } finally {
      await app.close();
    }
  });
});
