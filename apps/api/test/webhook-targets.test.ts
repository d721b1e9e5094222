import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { staffWebhooks, webhookDeliveries } from '@townhall/db';
import { chatWebhookBody } from '@townhall/domain';
import { deliverDueWebhooks } from '../src/features/webhooks/webhook-delivery.ts';
import { createWebhooksRepository } from '../src/features/webhooks/webhooks.repository.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { startReceiver } from './webhook-receiver.ts';

// A chat webhook is a URL staff type and the server posts to: it must not reach what only the
// server can reach (server-side request forgery), and what a target answers is not shown back.
// The app runs as in production here (WEBHOOK_PRIVATE_TARGETS off); the internal service below
// stands in for a database port, an admin interface or a metadata endpoint.

/** Stands in for an internal service (admin panel, metadata endpoint, database HTTP port...). */
const startInternalService = () => startReceiver({ status: 500, answer: 'INTERNAL-ONLY: db_password=hunter2-very-secret', contentType: 'text/plain' });

let t: TestApp;
let internal: Awaited<ReturnType<typeof startInternalService>>;
let admin: Person;

beforeAll(async () => {
  internal = await startInternalService();
  t = await createTestApp({ webhookPrivateTargets: false });
  admin = await t.signedIn('admin');
});
afterAll(async () => {
  await t.close();
  await internal.close();
});

const putHook = (person: Person, body: unknown) => t.request({ method: 'PUT', url: '/api/staff/webhook', cookie: person.cookie, body });
const testHook = (person: Person) => t.request({ method: 'POST', url: '/api/staff/webhook/test', cookie: person.cookie });

describe('webhook URLs pointing at internal addresses', () => {
  it.each([
    ['IPv4 loopback', 'http://127.0.0.1:8080/admin'],
    ['localhost (a name that resolves to loopback) on the PostgreSQL port', 'http://localhost:5432/x'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['RFC 1918 10/8', 'http://10.0.0.5/hook'],
    ['RFC 1918 192.168/16', 'http://192.168.1.1/hook'],
    ['IPv6 loopback', 'http://[::1]:3000/hook'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['decimal-encoded loopback', 'http://2130706433/hook'],
    ['unspecified address', 'http://0.0.0.0:3000/hook'],
  ])('an ops member cannot save a webhook at %s (%s)', async (_label, url) => {
    const ops = await t.signedIn('ops');
    const saved = await putHook(ops, { format: 'slack', url });
    expect(saved.statusCode, saved.body).toBe(400);
    expect(saved.json().error.field).toBe('url');
  });

  it('the "send a test message" button does not make the server POST to an internal service', async () => {
    const ops = await t.signedIn('ops');
    internal.hits.length = 0;
    await putHook(ops, { format: 'slack', url: `http://127.0.0.1:${internal.port}/internal/admin/drop-everything` });
    const tested = await testHook(ops);
    expect(tested.statusCode).toBeLessThan(500);
    expect(internal.hits, 'the server sent a request to 127.0.0.1 on behalf of an ops member').toHaveLength(0);
  });

  it('a hostname that resolves to loopback (checked at send time too) is not fetched', async () => {
    const pm = await t.signedIn('pm');
    internal.hits.length = 0;
    // Saved while the name was harmless (or via DNS rebinding): the send-time check must still refuse it.
    await t.db.insert(staffWebhooks).values({ userId: pm.id, format: 'slack', url: `http://localhost:${internal.port}/rebound`, secret: null });
    const tested = await testHook(pm);
    expect(tested.statusCode).toBeLessThan(500);
    expect(internal.hits).toHaveLength(0);
  });

  it('the check-in delivery job does not POST to internal addresses either', async () => {
    internal.hits.length = 0;
    const ops = await t.signedIn('ops');
    const now = new Date('2026-03-02T08:30:00Z');
    // What sendCheckInAlerts/sendUrgentAlert enqueue from the staff member's saved webhook.
    await createWebhooksRepository(t.db).enqueue([
      { userId: ops.id, format: 'slack', url: `http://127.0.0.1:${internal.port}/job`, secret: null, message: { text: 'digest' }, dedupeKey: 'test:private-job', sendAfter: now },
    ]);
    expect(await deliverDueWebhooks({ repository: createWebhooksRepository(t.db), now, allowPrivateTargets: false })).toMatchObject({ retried: 1 });
    expect(internal.hits).toHaveLength(0);
  });
});

describe('what a target answers', () => {
  it('an error answer from the target is not echoed in the test result', async () => {
    const ops = await t.signedIn('ops');
    internal.state.status = 500;
    internal.state.answer = 'INTERNAL-ONLY: db_password=hunter2-very-secret';
    // Whatever happens to the URL (refused or fetched), the staff member must not read the target's body.
    await t.db.insert(staffWebhooks).values({ userId: ops.id, format: 'slack', url: `http://127.0.0.1:${internal.port}/secret`, secret: null });
    const tested = await testHook(ops);
    expect(tested.json()).toMatchObject({ ok: false, status: null, error: expect.stringContaining('private or local address') });
    expect(tested.body).not.toContain('hunter2-very-secret');
  });

  it('a 200 non-JSON answer (WeCom/DingTalk/Feishu format) is not echoed either', async () => {
    const ops = await t.signedIn('ops');
    internal.state.status = 200;
    internal.state.answer = '<html>internal dashboard: api_key=sk_live_0123456789</html>';
    await t.db.insert(staffWebhooks).values({ userId: ops.id, format: 'wecom', url: `http://127.0.0.1:${internal.port}/dashboard`, secret: null });
    const tested = await testHook(ops);
    expect(tested.body).not.toContain('sk_live_0123456789');
    internal.state.status = 500;
  });
});

describe('webhook URLs the pattern accepts but URL parsing refuses', () => {
  const unparsable = 'http://hooks.example:99999/robot/send';

  it('are refused with 400 naming url when saved', async () => {
    const ops = await t.signedIn('ops');
    const saved = await putHook(ops, { format: 'dingtalk', url: unparsable, secret: 'robot-secret-1' });
    expect(saved.statusCode, saved.body).toBe(400);
    expect(saved.json().error).toMatchObject({ field: 'url', message: 'url is not a valid URL' });
  });

  it('while a public address is taken', async () => {
    const ops = await t.signedIn('ops');
    const saved = await putHook(ops, { format: 'slack', url: 'https://hooks.slack.com/services/T000/B000/XXXX' });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it('do not make "send a test message" answer 500 ', async () => {
    const ops = await t.signedIn('ops');
    await t.db.insert(staffWebhooks).values({ userId: ops.id, format: 'dingtalk', url: unparsable, secret: 'robot-secret-1' });
    const tested = await testHook(ops);
    expect(tested.statusCode, tested.body).toBe(200);
    expect(tested.json()).toMatchObject({ ok: false });
  });

  it('do not break the admin delivery log for everyone', async () => {
    const ops = await t.signedIn('ops');
    await createWebhooksRepository(t.db).enqueue([
      { userId: ops.id, format: 'slack', url: unparsable, secret: null, message: chatWebhookBody('slack', { title: 'x', url: 'https://forum.test', sections: [] }), dedupeKey: 'test:bad-url-list', sendAfter: new Date('2099-01-01T00:00:00Z') },
    ]);
    const list = await t.request({ method: 'GET', url: '/api/admin/webhook-deliveries', cookie: admin.cookie });
    expect(list.statusCode, list.body).toBe(200);
  });

  it('do not crash the delivery job or leave the delivery stuck in "sending"', async () => {
    const ops = await t.signedIn('ops');
    const now = new Date('2026-03-04T08:30:00Z');
    const [id] = await createWebhooksRepository(t.db).enqueue([
      { userId: ops.id, format: 'dingtalk', url: unparsable, secret: 'robot-secret-1', message: { msgtype: 'text', text: { content: 'x' } }, dedupeKey: 'test:bad-url-job', sendAfter: now },
    ]);
    let crashed: unknown = null;
    try {
      await deliverDueWebhooks({ repository: createWebhooksRepository(t.db), now, allowPrivateTargets: false });
    } catch (error) {
      crashed = error;
    }
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id!));
    expect(crashed, String(crashed)).toBeNull();
    expect(row!.status).not.toBe('sending');
  });
});
