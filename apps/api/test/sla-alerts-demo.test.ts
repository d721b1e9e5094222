import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { mailOutbox, notifications, topicSla, users } from '@townhall/db';
import { checkInAlertsDue, nextCheckInWindow } from '@townhall/domain';
import { deliverDueMail } from '../src/features/mail/mail-delivery.ts';
import { createMailRepository } from '../src/features/mail/mail.repository.ts';
import { createMailTransport, type MailTransport } from '../src/features/mail/mail-transport.ts';
import { sendCheckInAlerts } from '../src/features/sla-alerts/check-in-alerts.service.ts';
import { readSlaSettings } from '../src/features/sla/sla-clock.repository.ts';
import { deliverDueWebhooks } from '../src/features/webhooks/webhook-delivery.ts';
import { createWebhooksRepository } from '../src/features/webhooks/webhooks.repository.ts';
import { seedDemoWorkspace, demoPassword } from '../src/seed/demo-workspace.ts';
import { createTestApp, sessionCookieFrom, type TestApp } from './test-app.ts';

// Issue 5's acceptance run: the demo workspace, a clock moved to the alert time of a coming
// check-in (08:30 before a 09:00 window on a working day) whose digest lists the demo questions,
// and the demo PM and ops receive their digest in the app, by e-mail to a real SMTP server and by
// webhook, once each.

let t: TestApp;
let transport: MailTransport;
const smtpReceived: string[] = [];
const hookBodies: string[] = [];
let smtp: SMTPServer;
let hookServer: Server;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        smtpReceived.push(session.envelope.rcptTo.map((r) => r.address).join(','));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  hookServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      hookBodies.push(Buffer.concat(chunks).toString('utf8'));
      response.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`, from: 'forum@townhall.test' });
  t = await createTestApp({ publicUrl: 'https://demo.townhall.test' });
  await seedDemoWorkspace(t.db);
});
afterAll(async () => {
  transport?.close();
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => hookServer.close(() => resolve()));
});

describe('check-in digests on the demo workspace', () => {
  it('reach the demo PM and ops in the app, by e-mail and by webhook, once each', async () => {
    const signIn = await t.request({ method: 'POST', url: '/api/auth/sign-in', body: { email: 'ops@demo.test', password: demoPassword } });
    const opsCookie = sessionCookieFrom(signIn)!;
    const hookUrl = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}/wecom`;
    expect((await t.request({ method: 'PUT', url: '/api/staff/webhook', cookie: opsCookie, body: { format: 'wecom', url: hookUrl } })).statusCode).toBe(200);

    // The alert time of the first check-in window, an hour or more after the demo questions were
    // asked, whose digest lists them all: the window before the one that opens after their clocks
    // are due. (The first window after asking lists nothing when the questions are asked on a
    // Friday evening: they are due on Monday, after Monday's first window opens.)
    const { settings } = await readSlaSettings(t.db);
    const lastDueMs = Math.max(...(await t.db.select({ dueAt: topicSla.dueAt }).from(topicSla)).map((row) => row.dueAt.getTime()));
    const windowAfter = (after: Date) => {
      const found = nextCheckInWindow({ calendar: settings, windows: settings.checkInWindows, after });
      if (!found.ok) throw new Error(found.reason);
      return found;
    };
    let window = windowAfter(new Date(Date.now() + 3_600_000));
    while (windowAfter(window.closesAt).opensAt.getTime() <= lastDueMs) window = windowAfter(window.closesAt);
    const alertAt = new Date(window.opensAt.getTime() - settings.alertLeadMinutes * 60_000);
    expect(checkInAlertsDue({ settings, now: alertAt }).map((due) => due.key)).toContain(window.opensAt.toISOString());
    t.clock.set(alertAt);

    const run = () => sendCheckInAlerts({ db: t.db, notifier: t.app.notifier, now: t.clock.now(), publicUrl: 'https://demo.townhall.test' });
    const first = await run();
    expect(first).toMatchObject({ inApp: 2, emails: 2, webhooks: 1 });
    expect(await run()).toMatchObject({ inApp: 0, emails: 0, webhooks: 0 });

    const staff = await t.db.select({ id: users.id, email: users.email }).from(users).where(like(users.email, '%@demo.test'));
    for (const email of ['pm@demo.test', 'ops@demo.test']) {
      const person = staff.find((row) => row.email === email)!;
      const inApp = await t.db.select().from(notifications).where(and(eq(notifications.userId, person.id), eq(notifications.kind, 'sla_digest')));
      expect(inApp).toHaveLength(1);
    }
    expect(await deliverDueMail({ repository: createMailRepository(t.db), transport, now: t.clock.now() })).toMatchObject({ sent: 2 });
    expect(smtpReceived.sort()).toEqual(['ops@demo.test', 'pm@demo.test']);
    expect(await deliverDueWebhooks({ repository: createWebhooksRepository(t.db), now: t.clock.now(), allowPrivateTargets: true })).toMatchObject({ sent: 1 });
    expect(hookBodies).toHaveLength(1);
    expect(JSON.parse(hookBodies[0]!)).toMatchObject({ msgtype: 'markdown' });
    expect(await t.db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, 'sla:%'))).toHaveLength(2);
  });
});
