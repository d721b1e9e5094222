import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { mailOutbox, users } from '@townhall/db';
import { maxDeliveryAttempts } from '@townhall/domain';
import { createMailRepository } from '../src/features/mail/mail.repository.ts';
import { deliverDueMail } from '../src/features/mail/mail-delivery.ts';
import { createMailTransport, type MailTransport } from '../src/features/mail/mail-transport.ts';
import { queueDailyDigests } from '../src/features/mail/queue-daily-digests.ts';
import { createNotificationsRepository } from '../src/features/notifications/notifications.repository.ts';
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

async function askAndAnswer(t: TestApp, asker: Person, answerer: Person, title: string) {
  const topic = await t.request({ method: 'POST', url: '/api/boards/qa/topics', cookie: asker.cookie, body: { title, body: 'Question body' } });
  const topicId = topic.json().id as number;
  await t.request({ method: 'POST', url: `/api/topics/${topicId}/posts`, cookie: answerer.cookie, body: { body: 'An answer' } });
  const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.subject, `[Townhall] ${title}`));
  return { topicId, mail: mail! };
}

describe('mail delivery', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let transport: MailTransport;
  let alice: Person;
  let ops: Person;
  const mail = () => createMailRepository(t.db);

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

  it('waits the delay, then sends these exact bytes through SMTP once', async () => {
    const { topicId, mail: queued } = await askAndAnswer(t, alice, ops, 'Export to CSV?');
    const before = await deliverDueMail({ repository: mail(), transport, now: new Date(queued.sendAfter.getTime() - 1000) });
    expect(before.sent).toBe(0);
    expect(smtp.received).toHaveLength(0);

    const after = await deliverDueMail({ repository: mail(), transport, now: queued.sendAfter });
    expect(after).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
    const message = smtp.received[0]!;
    expect(message.from).toBe('forum@townhall.test');
    expect(message.to).toEqual([alice.email]);
    expect(message.raw).toContain('Subject: [Townhall] Export to CSV?');
    expect(message.raw).toContain('Content-Type: text/plain; charset=utf-8');
    const body = decodeQuotedPrintable(message.raw.split(/\r?\n\r?\n/).slice(1).join('\n\n'));
    expect(body).toContain('answered your question: Export to CSV?');
    expect(body).toContain(`https://forum.townhall.test/t/${topicId}?near=`);
    expect(body).toContain('—\nYou get this e-mail because of your notification settings');
    const [row] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.id, queued.id));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });

    await deliverDueMail({ repository: mail(), transport, now: new Date(queued.sendAfter.getTime() + 3_600_000) });
    expect(smtp.received).toHaveLength(1);
  });

  it('drops the e-mail when the notification was read during the delay', async () => {
    const { mail: queued } = await askAndAnswer(t, alice, ops, 'Read it live');
    await t.request({ method: 'POST', url: '/api/notifications/read-all', cookie: alice.cookie });
    const report = await deliverDueMail({ repository: mail(), transport, now: queued.sendAfter });
    expect(report).toMatchObject({ dropped: 1, sent: 0 });
    const [row] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.id, queued.id));
    expect(row!.status).toBe('dropped');
    expect(smtp.received.some((message) => message.raw.includes('Read it live'))).toBe(false);
  });

  it('retries a refused mail with backoff and marks it failed after the last attempt', async () => {
    const { mail: queued } = await askAndAnswer(t, alice, ops, 'Refused');
    smtp.state.refuse = true;
    let now = queued.sendAfter;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt += 1) {
      await deliverDueMail({ repository: mail(), transport, now });
      const [row] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.id, queued.id));
      expect(row!.attempts).toBe(attempt);
      expect(row!.lastError).toContain('mailbox unavailable');
      if (attempt < maxDeliveryAttempts) {
        expect(row!.status).toBe('pending');
        waits.push((row!.sendAfter.getTime() - now.getTime()) / 60_000);
        // Not before its time.
        await deliverDueMail({ repository: mail(), transport, now: new Date(row!.sendAfter.getTime() - 1) });
        now = row!.sendAfter;
      } else {
        expect(row!.status).toBe('failed');
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
    smtp.state.refuse = false;
    const failed = await t.request({ method: 'GET', url: '/api/admin/mail?status=failed', cookie: (await t.signedIn('admin')).cookie });
    expect(failed.json().items[0]).toMatchObject({ id: queued.id, status: 'failed', attempts: maxDeliveryAttempts, lastError: expect.stringContaining('mailbox unavailable') });
  });

  it('sends each due mail once when two instances deliver at the same time', async () => {
    const titles = ['Twice 1', 'Twice 2', 'Twice 3', 'Twice 4'];
    const queued = [];
    for (const title of titles) queued.push((await askAndAnswer(t, alice, ops, title)).mail);
    const now = new Date(Math.max(...queued.map((row) => row.sendAfter.getTime())));
    const [a, b] = await Promise.all([
      deliverDueMail({ repository: mail(), transport, now, limit: 3 }),
      deliverDueMail({ repository: createMailRepository(t.db), transport, now, limit: 3 }),
    ]);
    await deliverDueMail({ repository: mail(), transport, now });
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

describe('mail without SMTP, through the background job', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('keeps mail in the outbox for admins when no SMTP server is configured, run by pg-boss', async () => {
    t = await createTestApp({ jobsEnabled: true, mail: { smtpUrl: null, from: 'x@townhall.test', delayMinutes: 0 } });
    const alice = await t.signedIn('customer', { tier: 'head' });
    const ops = await t.signedIn('ops');
    const { mail: queued } = await askAndAnswer(t, alice, ops, 'Outbox only');
    await t.app.jobs.trigger('mail-delivery');
    const deadline = Date.now() + 30_000;
    let status = queued.status;
    // `sending` is the claimed mail on its way to `stored`: still in flight.
    while ((status === 'pending' || status === 'sending') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await t.db.select().from(mailOutbox).where(eq(mailOutbox.id, queued.id)))[0]!.status;
    }
    expect(status).toBe('stored');
    const admin = await t.signedIn('admin');
    const outbox = await t.request({ method: 'GET', url: '/api/admin/mail', cookie: admin.cookie });
    expect(outbox.json().items[0]).toMatchObject({ subject: '[Townhall] Outbox only', status: 'stored', toAddress: alice.email });
    const customer = await t.request({ method: 'GET', url: '/api/admin/mail', cookie: alice.cookie });
    expect(customer.statusCode).toBe(403);
  }, 60_000);
});
