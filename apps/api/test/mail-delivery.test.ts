import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { mailOutbox, notifications, users } from '@townhall/db';
import { maxDeliveryAttempts } from '@townhall/domain';
import { createMailRepository } from '../src/features/mail/mail.repository.ts';
import { deliverAllDueMail, deliverDueMail } from '../src/features/mail/mail-delivery.ts';
import { createMailTransport, type MailTransport } from '../src/features/mail/mail-transport.ts';
import { queueDailyDigests } from '../src/features/mail/queue-daily-digests.ts';
import { createNotificationsRepository } from '../src/features/notifications/notifications.repository.ts';
import { queueDueNotificationEmails } from '../src/features/notifications/queue-due-emails.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

/** Undoes the quoted-printable transfer encoding nodemailer uses for non-ASCII text. */
function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

type Received = { from: string; to: string[]; raw: string };

/** A real SMTP server in-process that keeps every message's bytes, and can refuse recipients. */
async function startSmtpServer() {
  const received: Received[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { received, state, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Asks a question and answers it: the asker's notification, and when its e-mail is due. */
async function askAndAnswer(t: TestApp, asker: Person, answerer: Person, title: string) {
  const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title, body: 'Question body' } });
  const topicId = topic.json().id as number;
  await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: answerer.cookie, body: { body: 'An answer' } });
  await t.app.notifier.settled();
  const [notification] = await t.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, asker.id), eq(notifications.topicId, topicId)));
  return { topicId, notificationId: notification!.id, due: notification!.emailAfter };
}

/** The outbox's e-mail of a notification, if one was written. */
async function mailOf(t: TestApp, notificationId: number) {
  const [row] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, `notification:${notificationId}`));
  return row ?? null;
}

describe('mail delivery', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let transport: MailTransport;
  let alice: Person;
  let ops: Person;
  const mail = () => createMailRepository(t.db);
  let adminPerson: Person | null = null;
  const admin = async () => (adminPerson ??= await t.signedIn('admin'));
  type SkippedPage = { items: { notificationId: number; reason: string; recipient: { id: number } }[]; nextCursor: string | null };
  /** One page of the admins' list of skipped notification e-mails. */
  const skippedPage = async (cursor?: string, email?: string): Promise<SkippedPage> => {
    const query = new URLSearchParams({ ...(cursor ? { cursor } : {}), ...(email ? { email } : {}) });
    const response = await t.request({ method: 'GET', url: `/api/admin/mail/skipped${query.size > 0 ? `?${query}` : ''}`, cookie: (await admin()).cookie });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const skipped = async () => (await skippedPage()).items as ({ notificationId: number; reason: string } & Record<string, unknown>)[];
  /** What the delivery job does at `now`: writes the notifications' e-mails that are due, then delivers. */
  const deliver = async (now: Date, limit?: number) => {
    const emails = await queueDueNotificationEmails({ repository: createNotificationsRepository(t.db), now, publicUrl: 'https://forum.townhall.test' });
    return { ...emails, ...(await deliverDueMail({ repository: mail(), transport, now, ...(limit === undefined ? {} : { limit }) })) };
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Townhall <forum@townhall.test>' });
    t = await createTestApp({ rateLimits: { signInPerMinute: 1000, postsPerMinute: 1000 }, publicUrl: 'https://forum.townhall.test' });
    alice = await t.signedIn('customer', { tier: 'head' });
    ops = await t.signedIn('ops');
  });
  afterAll(async () => {
    transport?.close();
    await t.close();
    await smtp.close();
  });

  it('waits the delay, then writes the e-mail and sends these exact bytes through SMTP once', async () => {
    const { topicId, notificationId, due } = await askAndAnswer(t, alice, ops, 'Export to CSV?');
    const notification = (await t.db.select().from(notifications).where(eq(notifications.id, notificationId)))[0]!;
    expect(due!.getTime() - notification.createdAt.getTime()).toBe(10 * 60_000);
    const before = await deliver(new Date(due!.getTime() - 1000));
    expect(before).toMatchObject({ queued: 0, sent: 0 });
    expect(await mailOf(t, notificationId)).toBeNull();
    expect(smtp.received).toHaveLength(0);

    // Written when due, the e-mail names the answerer as they are called then.
    await t.db.update(users).set({ displayName: 'Olivia from Ops' }).where(eq(users.id, ops.id));
    const after = await deliver(due!);
    expect(after).toMatchObject({ queued: 1, sent: 1 });
    expect(smtp.received).toHaveLength(1);
    const message = smtp.received[0]!;
    expect(message.from).toBe('forum@townhall.test');
    expect(message.to).toEqual([alice.email]);
    expect(message.raw).toContain('Subject: [Townhall] Export to CSV?');
    expect(message.raw).toContain('Content-Type: text/plain; charset=utf-8');
    const body = decodeQuotedPrintable(message.raw.split(/\r?\n\r?\n/).slice(1).join('\n\n'));
    expect(body).toContain('Olivia from Ops answered your question: Export to CSV?');
    expect(body).toContain(`https://forum.townhall.test/t/${topicId}?near=`);
    expect(body).toContain('—\nYou get this e-mail because of your notification settings: https://forum.townhall.test/notifications/settings');
    expect(await mailOf(t, notificationId)).toMatchObject({ status: 'sent', attempts: 1, toAddress: alice.email, sendAfter: due, userId: alice.id });
    expect((await t.db.select().from(notifications).where(eq(notifications.id, notificationId)))[0]!.emailAfter).toBeNull();

    expect(await deliver(new Date(due!.getTime() + 3_600_000))).toMatchObject({ queued: 0, sent: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('writes no e-mail when the notification was read during the delay', async () => {
    const { notificationId, due } = await askAndAnswer(t, alice, ops, 'Read it live');
    await t.request({ method: 'POST', url: '/api/notifications/read-all', cookie: alice.cookie });
    const report = await deliver(due!);
    expect(report).toMatchObject({ queued: 0, notMailed: 1, sent: 0 });
    expect(await mailOf(t, notificationId)).toBeNull();
    expect(smtp.received.some((message) => message.raw.includes('Read it live'))).toBe(false);
    // Admins can still tell why Alice got no e-mail about it.
    expect((await skipped()).find((item) => item.notificationId === notificationId)).toEqual({
      notificationId,
      kind: 'question_answered',
      title: 'Read it live',
      recipient: { id: alice.id, displayName: expect.any(String), email: alice.email },
      reason: 'read',
      skippedAt: due!.toISOString(),
    });
  });

  it('shows admins how many notification e-mails wait for their delay, and when the next is due', async () => {
    const admin = await t.signedIn('admin');
    const waiting = async () => {
      const outbox = await t.request({ method: 'GET', url: '/api/admin/mail', cookie: admin.cookie });
      expect(outbox.statusCode).toBe(200);
      return outbox.json().waitingNotificationEmails as { count: number; nextDueAt: string | null };
    };
    // Earlier tests leave nothing waiting: each wrote or skipped its e-mails when due.
    expect(await waiting()).toEqual({ count: 0, nextDueAt: null });
    const first = await askAndAnswer(t, alice, ops, 'Waiting one');
    const bob = await t.signedIn('customer', { tier: 'head' });
    const second = await askAndAnswer(t, bob, ops, 'Waiting two');
    expect(await waiting()).toEqual({ count: 2, nextDueAt: first.due!.toISOString() });
    // Read in the app: its e-mail will not be written, so it no longer waits.
    await t.request({ method: 'POST', url: '/api/notifications/read-all', cookie: alice.cookie });
    expect(await waiting()).toEqual({ count: 1, nextDueAt: second.due!.toISOString() });
    expect(await deliver(second.due!)).toMatchObject({ queued: 1 });
    expect(await waiting()).toEqual({ count: 0, nextDueAt: null });
    expect(await mailOf(t, second.notificationId)).not.toBeNull();
  });

  it('drops an e-mail written but not yet sent when its notification is read', async () => {
    const { notificationId, due } = await askAndAnswer(t, alice, ops, 'Read before sending');
    expect(await queueDueNotificationEmails({ repository: createNotificationsRepository(t.db), now: due!, publicUrl: 'https://forum.townhall.test' })).toEqual({ queued: 1, notMailed: 0 });
    await t.request({ method: 'POST', url: '/api/notifications/read-all', cookie: alice.cookie });
    expect(await deliver(due!)).toMatchObject({ queued: 0, dropped: 1, sent: 0 });
    expect(await mailOf(t, notificationId)).toMatchObject({ status: 'dropped' });
    expect(smtp.received.some((message) => message.raw.includes('Read before sending'))).toBe(false);
  });

  it('e-mails the author of a post staff hid, with their reason, though others can no longer read it', async () => {
    const carol = await t.signedIn('customer', { tier: 'tail' });
    const { topicId } = await askAndAnswer(t, alice, ops, 'Hidden reply');
    const reply = (await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: carol.cookie, body: { body: 'Our admin password is hunter2' } })).json();
    await t.app.notifier.settled();
    expect((await t.request({ method: 'POST', url: `/api/posts/${reply.id}/hide`, cookie: ops.cookie, body: { reason: 'Contains a password' } })).statusCode).toBe(200);
    const [told] = await t.db.select().from(notifications).where(and(eq(notifications.userId, carol.id), eq(notifications.kind, 'post_hidden')));
    expect(told).toMatchObject({ postId: reply.id, actorId: null, data: { reason: 'Contains a password' } });
    await deliver(told!.emailAfter!);
    expect(await mailOf(t, told!.id)).toMatchObject({ status: 'sent', toAddress: carol.email });
    const message = smtp.received.find((received) => received.to.includes(carol.email))!;
    const text = decodeQuotedPrintable(message.raw);
    expect(text).toContain('Staff hid your post: Hidden reply');
    expect(text).toContain('Their reason: “Contains a password”.');
    expect(text).toContain(`https://forum.townhall.test/t/${topicId}?near=${reply.id}#post-${reply.id}`);
  });

  it('writes no e-mail for someone who turned e-mail off, or about a post hidden, before it was due', async () => {
    const bob = await t.signedIn('customer', { tier: 'head' });
    const switched = await askAndAnswer(t, bob, ops, 'Changed my mind');
    const hidden = await askAndAnswer(t, alice, ops, 'Answer hidden since');
    const switchedOff = await t.request({ method: 'PUT', url: '/api/notifications/preferences', cookie: bob.cookie, body: { emailNotifications: 'never' } });
    expect(switchedOff.statusCode).toBe(200);
    const answer = await t.db.select().from(notifications).where(eq(notifications.id, hidden.notificationId));
    const hide = await t.request({ method: 'POST', url: `/api/posts/${answer[0]!.postId}/hide`, cookie: ops.cookie, body: { reason: 'Wrong answer' } });
    expect(hide.statusCode).toBe(200);
    const report = await deliver(new Date(Math.max(switched.due!.getTime(), hidden.due!.getTime())));
    expect(report).toMatchObject({ queued: 0, notMailed: 2, sent: 0 });
    expect(await mailOf(t, switched.notificationId)).toBeNull();
    expect(await mailOf(t, hidden.notificationId)).toBeNull();
    const reasons = new Map((await skipped()).map((item) => [item.notificationId, item.reason]));
    expect(reasons.get(switched.notificationId)).toBe('off');
    expect(reasons.get(hidden.notificationId)).toBe('unreadable');
  });

  it('lists the skipped e-mails newest first, 50 a page, of everyone or one recipient, without those that were sent, for admins only', async () => {
    const carol = await t.signedIn('customer', { tier: 'head' });
    const sent = await askAndAnswer(t, carol, ops, 'Mailed for real');
    expect(await deliver(sent.due!)).toMatchObject({ queued: 1 });
    const later: number[] = [];
    for (let i = 0; i < 50; i++) later.push((await askAndAnswer(t, carol, ops, `Digest instead ${i}`)).notificationId);
    // What decides is the choice when each e-mail is due: by then, the daily digest.
    const digest = await t.request({ method: 'PUT', url: '/api/notifications/preferences', cookie: carol.cookie, body: { emailNotifications: 'daily' } });
    expect(digest.statusCode).toBe(200);
    await deliver(new Date(Date.now() + 3_600_000));
    const first = await skippedPage();
    expect(first.items).toHaveLength(50);
    expect(first.items.map((item) => item.notificationId)).toEqual([...later].reverse());
    expect(first.items.every((item) => item.reason === 'digest' && item.recipient.id === carol.id)).toBe(true);
    expect(first.nextCursor).toBe(String(later[0]));
    const second = await skippedPage(first.nextCursor!);
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.every((item) => item.notificationId < later[0]!)).toBe(true);
    expect([...first.items, ...second.items].some((item) => item.notificationId === sent.notificationId)).toBe(false);

    // One recipient's, by their address in any case: Carol's 50 skips fill the page exactly, with
    // no other person's after them; Alice's (read first, turned off, hidden: earlier tests) apart.
    const carols = await skippedPage(undefined, `  ${carol.email.toUpperCase()} `);
    expect(carols.items.map((item) => item.notificationId)).toEqual([...later].reverse());
    expect(carols.nextCursor).toBeNull();
    expect((await skippedPage(String(later[10]), carol.email)).items.map((item) => item.notificationId)).toEqual(later.slice(0, 10).reverse());
    const alices = await skippedPage(undefined, alice.email);
    expect(alices.items.length).toBeGreaterThan(0);
    expect(alices.items.every((item) => item.recipient.id === alice.id)).toBe(true);
    expect((await skippedPage(undefined, 'nobody@nowhere.test')).items).toEqual([]);

    for (const cookie of [carol.cookie, ops.cookie]) {
      expect((await t.request({ method: 'GET', url: '/api/admin/mail/skipped', cookie })).statusCode).toBe(403);
    }
    const badCursor = await t.request({ method: 'GET', url: '/api/admin/mail/skipped?cursor=-1', cookie: (await admin()).cookie });
    expect(badCursor.statusCode).toBe(400);
    // Read, they stay out of the next test's digest.
    await t.request({ method: 'POST', url: '/api/notifications/read-all', cookie: carol.cookie });
  });

  it('retries a refused mail with backoff and marks it failed after the last attempt', async () => {
    const { notificationId, due } = await askAndAnswer(t, alice, ops, 'Refused');
    smtp.state.refuse = true;
    let now = due!;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt += 1) {
      await deliver(now);
      const row = (await mailOf(t, notificationId))!;
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toContain('mailbox unavailable');
      if (attempt < maxDeliveryAttempts) {
        expect(row.status).toBe('pending');
        waits.push((row.sendAfter.getTime() - now.getTime()) / 60_000);
        // Not before its time.
        await deliver(new Date(row.sendAfter.getTime() - 1));
        now = row.sendAfter;
      } else {
        expect(row.status).toBe('failed');
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
    smtp.state.refuse = false;
    const failed = await t.request({ method: 'GET', url: '/api/admin/mail?status=failed', cookie: (await t.signedIn('admin')).cookie });
    expect(failed.json().items[0]).toMatchObject({ id: (await mailOf(t, notificationId))!.id, status: 'failed', attempts: maxDeliveryAttempts, lastError: expect.stringContaining('mailbox unavailable') });
  });

  it('writes and sends each due mail once when two instances deliver at the same time', async () => {
    const titles = ['Twice 1', 'Twice 2', 'Twice 3', 'Twice 4'];
    const asked = [];
    for (const title of titles) asked.push(await askAndAnswer(t, alice, ops, title));
    const now = new Date(Math.max(...asked.map((question) => question.due!.getTime())));
    const [a, b] = await Promise.all([deliver(now, 3), deliver(now, 3)]);
    await deliver(now);
    expect(a.queued + b.queued).toBe(titles.length);
    expect(a.sent + b.sent).toBeGreaterThan(0);
    for (const title of titles) {
      expect(smtp.received.filter((message) => message.raw.includes(`Subject: [Townhall] ${title}`))).toHaveLength(1);
    }
  });

  it('queues one daily digest per person and day with what they have not read', async () => {
    const daily = await t.signedIn('customer', { tier: 'tail' });
    await t.db.update(users).set({ emailNotifications: 'daily' }).where(eq(users.id, daily.id));
    await askAndAnswer(t, daily, ops, 'Digest one');
    await askAndAnswer(t, daily, ops, 'Digest two');
    expect(await t.db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, daily.email), eq(mailOutbox.subject, '[Townhall] Digest one')))).toEqual([]);
    const args = { notifications: createNotificationsRepository(t.db), mail: mail(), now: new Date(), publicUrl: 'https://forum.townhall.test' };
    expect(await queueDailyDigests(args)).toEqual({ queued: 1 });
    expect(await queueDailyDigests(args)).toEqual({ queued: 0 });
    const [digest] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, daily.email));
    expect(digest!.subject).toBe('[Townhall] 2 unread notifications');
    expect(digest!.textBody).toContain('Digest one');
    expect(digest!.textBody).toContain('Digest two');
  });
});

describe('a delivery run', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('delivers batch after batch in one run until nothing is due, within its time budget', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const queue = (tag: string, count: number) =>
      createMailRepository(t.db).enqueue(
        Array.from({ length: count }, (_, i) => ({ userId: null, toAddress: `bulk-${tag}-${i}@example.test`, subject: `Bulk ${tag} ${i}`, textBody: 'Hello', dedupeKey: `bulk:${tag}:${i}`, sendAfter: now })),
      );
    await queue('all', 7);
    expect(await deliverAllDueMail({ repository: createMailRepository(t.db), transport: null, now, batchSize: 3 })).toEqual({ sent: 0, stored: 7, dropped: 0, retried: 0, failed: 0 });
    await queue('budget', 7);
    // A spent budget stops after the batch at hand; the next run takes the rest.
    expect(await deliverAllDueMail({ repository: createMailRepository(t.db), transport: null, now, batchSize: 3, budgetMs: 0 })).toMatchObject({ stored: 3 });
    expect(await deliverAllDueMail({ repository: createMailRepository(t.db), transport: null, now, batchSize: 3 })).toMatchObject({ stored: 4 });
  });
});

describe('mail without SMTP, through the background job', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('keeps mail in the outbox for admins when no SMTP server is configured, run by pg-boss', async () => {
    t = await createTestApp({ jobsEnabled: true, mail: { smtpUrl: null, from: 'x@townhall.test', delayMinutes: 0 } });
    const alice = await t.signedIn('customer', { tier: 'head' });
    const ops = await t.signedIn('ops');
    const { notificationId } = await askAndAnswer(t, alice, ops, 'Outbox only');
    await t.app.jobs.trigger('mail-delivery');
    const deadline = Date.now() + 30_000;
    let status = null;
    // Not written yet, then `pending`, then `sending` (claimed, on its way to `stored`): still in flight.
    while ((status === null || status === 'pending' || status === 'sending') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await mailOf(t, notificationId))?.status ?? null;
    }
    expect(status).toBe('stored');
    const admin = await t.signedIn('admin');
    const outbox = await t.request({ method: 'GET', url: '/api/admin/mail', cookie: admin.cookie });
    expect(outbox.json().items[0]).toMatchObject({ subject: '[Townhall] Outbox only', status: 'stored', toAddress: alice.email });
    const customer = await t.request({ method: 'GET', url: '/api/admin/mail', cookie: alice.cookie });
    expect(customer.statusCode).toBe(403);
  }, 60_000);
});
