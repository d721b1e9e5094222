import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import type { FastifyInstance } from 'fastify';
import { boards, mailOutbox, notifications, webhookDeliveries } from '@townhall/db';
import { sendCheckInAlerts } from '../src/features/sla-alerts/check-in-alerts.service.ts';
import { deliverDueMail } from '../src/features/mail/mail-delivery.ts';
import { createMailRepository } from '../src/features/mail/mail.repository.ts';
import { createMailTransport, type MailTransport } from '../src/features/mail/mail-transport.ts';
import { deliverDueWebhooks } from '../src/features/webhooks/webhook-delivery.ts';
import { createWebhooksRepository } from '../src/features/webhooks/webhooks.repository.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { buildSecondInstance } from './live-helpers.ts';

// The check-in alert job with the default calendar (UTC, Monday–Friday 09:00–18:00, windows
// 09:00–09:30 and 17:30–18:00, digests 30 minutes ahead), driven by a clock the test moves.

const publicUrl = 'https://forum.townhall.test';
let t: TestApp;
let transport: MailTransport;
let smtp: { received: string[]; close(): Promise<void>; port: number };
let hooks: { bodies: string[]; base: string; close(): Promise<void> };
let alice: Person;
let ops: Person;
let pm: Person;
/** An ops member who covers no board (from the leave test on). */
let stand: Person;
let qaId: number;

async function startSmtp() {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // Undo quoted-printable (the digest has non-ASCII dashes), to read the text as sent.
        const qp = Buffer.concat(chunks).toString('latin1').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        received.push(Buffer.from(qp, 'latin1').toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, port: (server.server.address() as { port: number }).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function startHookReceiver() {
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { bodies, base: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const run = (app: FastifyInstance = t.app) => sendCheckInAlerts({ db: app.db, notifier: app.notifier, now: t.clock.now(), publicUrl });

async function cover(person: Person, body: { daysOff?: string[]; backupId?: number | null; boardIds?: number[] } = {}) {
  const response = await t.request({
    method: 'PUT',
    url: '/api/staff/coverage',
    cookie: person.cookie,
    body: { boardIds: body.boardIds ?? [qaId], daysOff: body.daysOff ?? [], backupId: body.backupId ?? null },
  });
  expect(response.statusCode, response.body).toBe(200);
}

async function ask(title: string, board = 'qa') {
  const response = await t.request({ method: 'POST', url: `/api/boards/${board}/topics`, cookie: alice.cookie, body: { title, body: 'Please help' } });
  expect(response.statusCode).toBe(201);
  return response.json().id as number;
}

const digestsOf = (person: Person, window: string) =>
  t.db.select().from(notifications).where(and(eq(notifications.userId, person.id), eq(notifications.kind, 'sla_digest'), eq(notifications.dedupeKey, `sla:${window}`)));

beforeAll(async () => {
  [smtp, hooks] = await Promise.all([startSmtp(), startHookReceiver()]);
  transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Townhall <forum@townhall.test>' });
  t = await createTestApp({ publicUrl, rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 } });
  alice = await t.signedIn('customer', { organization: 'Acme', tier: 'head' });
  ops = await t.signedIn('ops');
  pm = await t.signedIn('pm');
  const [qa] = await t.db.select().from(boards).where(eq(boards.slug, 'qa'));
  qaId = qa!.id;
  await cover(ops);
  await cover(pm);
  const hook = await t.request({ method: 'PUT', url: '/api/staff/webhook', cookie: ops.cookie, body: { format: 'slack', url: `${hooks.base}/slack` } });
  expect(hook.statusCode).toBe(200);
});
afterAll(async () => {
  transport?.close();
  await t?.close();
  await Promise.all([smtp?.close(), hooks?.close()]);
});

describe('check-in digests', () => {
  it('sends each on-duty PM and ops member one digest, in the app, by e-mail and by webhook, once', async () => {
    t.clock.set('2026-03-02T07:00:00Z'); // Monday, before working hours
    const topicId = await ask('Export to CSV fails');
    t.clock.set('2026-03-02T08:29:00Z');
    expect(await run()).toMatchObject({ windows: [], inApp: 0 });

    t.clock.set('2026-03-02T08:30:00Z');
    expect(await run()).toEqual({ windows: ['2026-03-02T09:00:00.000Z'], inApp: 2, emails: 2, webhooks: 1 });
    t.clock.set('2026-03-02T08:31:00Z');
    expect(await run()).toEqual({ windows: ['2026-03-02T09:00:00.000Z'], inApp: 0, emails: 0, webhooks: 0 });

    const [digest] = await digestsOf(ops, '2026-03-02T09:00:00.000Z');
    expect(digest!.title).toBe('Check-in 09:00–09:30: 1 question due');
    const listed = await t.request({ method: 'GET', url: '/api/notifications', cookie: ops.cookie });
    expect(listed.json().items[0]).toMatchObject({ kind: 'sla_digest', path: '/staff/sla', lead: 'Your check-in digest' });

    const mail = await deliverDueMail({ repository: createMailRepository(t.db), transport, now: t.clock.now() });
    expect(mail.sent).toBe(2);
    const toOps = smtp.received.find((raw) => raw.includes(`To: ${ops.email}`))!;
    expect(toOps).toMatch(/^Subject: /m);
    expect(toOps).toContain('Check-in 09:00–09:30: 1 question due\r\n\r\nDue before the next check-in (17:30):');
    expect(toOps).toContain(`${publicUrl}/t/${topicId}`);

    expect(await deliverDueWebhooks({ repository: createWebhooksRepository(t.db), now: t.clock.now(), allowPrivateTargets: true })).toMatchObject({ sent: 1 });
    expect(hooks.bodies).toHaveLength(1);
    expect(JSON.parse(hooks.bodies[0]!).text).toContain(`<${publicUrl}/t/${topicId}|Export to CSV fails (head, due 11:00)>`);
  });

  it('lists what has breached by the evening window first', async () => {
    t.clock.set('2026-03-02T17:00:00Z');
    expect((await run()).inApp).toBe(2);
    const [digest] = await digestsOf(pm, '2026-03-02T17:30:00.000Z');
    expect(digest!.title).toBe('Check-in 17:30–18:00: 1 question breached');
    expect(digest!.data).toMatchObject({ breached: 1, dueThisWindow: 0 });
  });

  it('sends a digest missed while the service was down if its window is still open, never after it closes', async () => {
    t.clock.set('2026-03-03T09:31:00Z'); // Tuesday: the morning window has closed unsent
    expect(await run()).toMatchObject({ windows: [], inApp: 0 });
    expect(await digestsOf(ops, '2026-03-03T09:00:00.000Z')).toEqual([]);
    t.clock.set('2026-03-03T17:45:00Z'); // the evening window is open: late, but sent
    expect(await run()).toMatchObject({ windows: ['2026-03-03T17:30:00.000Z'], inApp: 2 });
  });

  it('sends no digest to a person on leave and gives their questions to their backup', async () => {
    stand = await t.signedIn('ops');
    await cover(stand, { boardIds: [] });
    await cover(ops, { daysOff: ['2026-03-04'], backupId: stand.id });
    await cover(pm, { daysOff: ['2026-03-04'] });
    t.clock.set('2026-03-04T08:40:00Z'); // Wednesday
    await run();
    const window = '2026-03-04T09:00:00.000Z';
    expect(await digestsOf(ops, window)).toEqual([]);
    expect(await digestsOf(pm, window)).toEqual([]);
    expect(await digestsOf(stand, window)).toHaveLength(1);
    await cover(ops);
    await cover(pm);
  });

  it('sends each digest once when two instances run the job at the same moment', async () => {
    const second = await buildSecondInstance(t.app, undefined, { clock: t.clock });
    try {
      t.clock.set('2026-03-05T08:30:00Z'); // Thursday
      const reports = await Promise.all([run(t.app), run(second), run(t.app), run(second)]);
      expect(reports.reduce((sum, report) => sum + report.inApp, 0)).toBe(2);
      expect(reports.reduce((sum, report) => sum + report.emails, 0)).toBe(2);
      expect(reports.reduce((sum, report) => sum + report.webhooks, 0)).toBe(1);
      const window = '2026-03-05T09:00:00.000Z';
      expect(await digestsOf(ops, window)).toHaveLength(1);
      expect(await t.db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, `sla:${window}:%`))).toHaveLength(2);
      expect(await t.db.select().from(webhookDeliveries).where(like(webhookDeliveries.dedupeKey, `sla:${window}:%`))).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('sends the open window’s digest when a restarted instance starts, through pg-boss', async () => {
    t.clock.set('2026-03-06T09:05:00Z'); // Friday, the morning window is open
    const restarted = await buildSecondInstance(t.app, undefined, { clock: t.clock, config: { jobsEnabled: true, publicUrl } });
    try {
      const window = '2026-03-06T09:00:00.000Z';
      const deadline = Date.now() + 30_000;
      while ((await digestsOf(pm, window)).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await digestsOf(pm, window)).toHaveLength(1);
      expect(await digestsOf(ops, window)).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  }, 60_000);

  it('alerts the covering staff at once when a question is marked urgent, once', async () => {
    t.clock.set('2026-03-09T10:00:00Z'); // Monday, between windows
    const topicId = await ask('Production is down');
    const marked = await t.request({ method: 'POST', url: `/api/topics/${topicId}/sla/urgent`, cookie: pm.cookie });
    expect(marked.statusCode, marked.body).toBe(200);
    await t.request({ method: 'POST', url: `/api/topics/${topicId}/sla/urgent`, cookie: ops.cookie });
    for (const person of [ops, pm]) {
      const alerts = await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, person.id), eq(notifications.dedupeKey, `urgent:${topicId}`)));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.title).toBe('Urgent: Production is down');
    }
    expect(await t.db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, `urgent:${topicId}:%`))).toHaveLength(2);
    const calls = await t.db.select().from(webhookDeliveries).where(like(webhookDeliveries.dedupeKey, `urgent:${topicId}:%`));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.userId).toBe(ops.id);
    const listed = await t.request({ method: 'GET', url: '/api/notifications', cookie: ops.cookie });
    expect(listed.json().items[0]).toMatchObject({ title: 'Urgent: Production is down', path: `/t/${topicId}` });
  });
});

describe('a question on a board nobody covers', () => {
  let boardSlug: string;
  beforeAll(async () => {
    const admin = await t.signedIn('admin');
    const created = await t.request({ method: 'POST', url: '/api/admin/boards', cookie: admin.cookie, body: { name: 'Nobody covers this' } });
    expect(created.statusCode, created.body).toBe(201);
    boardSlug = created.json().slug;
  });

  it('reaches the digest and the next check-in of every on-duty PM and ops member', async () => {
    t.clock.set('2026-03-10T10:00:00Z'); // Tuesday
    const topicId = await ask('Scheduled report is empty', boardSlug);
    t.clock.set('2026-03-10T17:00:00Z');
    const next = await t.request({ method: 'GET', url: '/api/staff/next-check-in', cookie: pm.cookie });
    expect(next.json().breached.map((item: { topicId: number }) => item.topicId)).toContain(topicId);

    expect((await run()).inApp).toBe(3);
    const window = '2026-03-10T17:30:00.000Z';
    for (const person of [ops, pm, stand]) {
      const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, `sla:${window}:${person.id}:email`));
      expect(mail!.textBody).toContain(`Scheduled report is empty (head, due 12:00)\n  ${publicUrl}/t/${topicId}`);
    }
  });

  it('alerts the on-duty staff at once when it is marked urgent', async () => {
    t.clock.set('2026-03-11T10:00:00Z'); // Wednesday, between windows
    const topicId = await ask('Reports page crashes', boardSlug);
    const marked = await t.request({ method: 'POST', url: `/api/topics/${topicId}/sla/urgent`, cookie: pm.cookie });
    expect(marked.statusCode, marked.body).toBe(200);
    const alerts = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, `urgent:${topicId}`));
    expect(alerts.map((alert) => alert.userId).sort((a, b) => a - b)).toEqual([ops.id, pm.id, stand.id].sort((a, b) => a - b));
  });
});
