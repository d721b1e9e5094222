import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { webhookDeliveries } from '@townhall/db';
import { chatWebhookBody, maxDeliveryAttempts, type ChatDigest } from '@townhall/domain';
import { deliverDueWebhooks } from '../src/features/webhooks/webhook-delivery.ts';
import { createWebhooksRepository } from '../src/features/webhooks/webhooks.repository.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';
import { startReceiver } from './webhook-receiver.ts';

/** A local chat service that records every request and answers as told. */
const startChatReceiver = () => startReceiver({ status: 200, answer: '{"errcode":0,"errmsg":"ok"}', contentType: 'application/json' });

const digest: ChatDigest = {
  title: 'Morning check-in',
  url: 'https://forum.test/staff/sla',
  sections: [{ heading: 'Breached', items: [{ text: '如何导出报表', url: 'https://forum.test/t/9' }] }],
};

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startChatReceiver>>;
let ops: Person;
let admin: Person;

beforeAll(async () => {
  receiver = await startChatReceiver();
  t = await createTestApp();
  ops = await t.signedIn('ops');
  admin = await t.signedIn('admin');
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

describe('staff webhook settings', () => {
  it('stores a webhook without ever returning its secret, and validates it', async () => {
    const missingSecret = await t.request({ method: 'PUT', url: '/api/staff/webhook', cookie: ops.cookie, body: { format: 'generic', url: `${receiver.base}/hook` } });
    expect(missingSecret.statusCode).toBe(400);
    expect(missingSecret.json().error.field).toBe('secret');
    const badUrl = await t.request({ method: 'PUT', url: '/api/staff/webhook', cookie: ops.cookie, body: { format: 'slack', url: 'javascript:alert(1)' } });
    expect(badUrl.statusCode).toBe(400);
    const badFormat = await t.request({ method: 'PUT', url: '/api/staff/webhook', cookie: ops.cookie, body: { format: 'teams', url: `${receiver.base}/hook` } });
    expect(badFormat.statusCode).toBe(400);

    const set = await t.request({ method: 'PUT', url: '/api/staff/webhook', cookie: ops.cookie, body: { format: 'generic', url: `${receiver.base}/hook`, secret: 'topsecret-1' } });
    expect(set.statusCode).toBe(200);
    expect(set.json().webhook).toMatchObject({ format: 'generic', url: `${receiver.base}/hook`, hasSecret: true });
    expect(set.body).not.toContain('topsecret-1');
  });

  it('sends a signed test message and reports how the receiver answered', async () => {
    receiver.hits.length = 0;
    const tested = await t.request({ method: 'POST', url: '/api/staff/webhook/test', cookie: ops.cookie });
    expect(tested.json()).toEqual({ ok: true, status: 200, error: null });
    const hit = receiver.hits[0]!;
    const expected = createHmac('sha256', 'topsecret-1').update(`${hit.headers['x-townhall-timestamp']}.${hit.body}`).digest('hex');
    expect(hit.headers['x-townhall-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'sla.digest', title: 'Townhall test message' });

    receiver.state.status = 500;
    const failing = await t.request({ method: 'POST', url: '/api/staff/webhook/test', cookie: ops.cookie });
    expect(failing.json()).toMatchObject({ ok: false, status: 500 });
    receiver.state.status = 200;
  });
});

describe('webhook delivery', () => {
  const repository = () => createWebhooksRepository(t.db);

  it('delivers each format with the bytes its service expects, once', async () => {
    receiver.hits.length = 0;
    const now = new Date('2026-03-02T08:30:00Z');
    const formats = ['slack', 'wecom', 'feishu', 'dingtalk'] as const;
    await repository().enqueue(
      formats.map((format) => ({
        userId: ops.id,
        format,
        url: `${receiver.base}/${format}?access_token=abc`,
        secret: format === 'dingtalk' || format === 'feishu' ? 'robot-secret' : null,
        message: chatWebhookBody(format, digest),
        dedupeKey: `test:${format}`,
        sendAfter: now,
      })),
    );
    expect(await repository().enqueue([{ userId: ops.id, format: 'slack', url: `${receiver.base}/again`, secret: null, message: {}, dedupeKey: 'test:slack', sendAfter: now }])).toEqual([]);

    expect(await deliverDueWebhooks({ repository: repository(), now, allowPrivateTargets: true })).toMatchObject({ sent: 4 });
    expect(await deliverDueWebhooks({ repository: repository(), now: new Date(now.getTime() + 3_600_000), allowPrivateTargets: true })).toMatchObject({ sent: 0 });
    expect(receiver.hits).toHaveLength(4);
    const byPath = (prefix: string) => receiver.hits.find((hit) => hit.url.startsWith(`/${prefix}`))!;
    expect(JSON.parse(byPath('slack').body).text).toContain('<https://forum.test/t/9|如何导出报表>');
    expect(JSON.parse(byPath('wecom').body)).toMatchObject({ msgtype: 'markdown' });
    const dingtalk = new URL(byPath('dingtalk').url, receiver.base);
    expect(dingtalk.searchParams.get('sign')).toBe(createHmac('sha256', 'robot-secret').update(`${now.getTime()}\nrobot-secret`).digest('base64'));
    const feishu = JSON.parse(byPath('feishu').body);
    expect(feishu).toMatchObject({ msg_type: 'text', timestamp: String(now.getTime() / 1000) });
  });

  it('retries a refusal with backoff, then shows the failure to admins', async () => {
    receiver.state.answer = '{"errcode":310000,"errmsg":"sign not match"}';
    let now = new Date('2026-03-02T09:00:00Z');
    const [id] = await repository().enqueue([
      { userId: ops.id, format: 'dingtalk', url: `${receiver.base}/refuse`, secret: 'x', message: chatWebhookBody('dingtalk', digest), dedupeKey: 'test:refused', sendAfter: now },
    ]);
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt += 1) {
      await deliverDueWebhooks({ repository: repository(), now, allowPrivateTargets: true });
      const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id!));
      expect(row!.attempts).toBe(attempt);
      if (attempt < maxDeliveryAttempts) now = row!.sendAfter;
      else expect(row!.status).toBe('failed');
    }
    receiver.state.answer = '{"errcode":0,"errmsg":"ok"}';
    const list = await t.request({ method: 'GET', url: '/api/admin/webhook-deliveries?status=failed', cookie: admin.cookie });
    expect(list.json().items[0]).toMatchObject({ id, format: 'dingtalk', host: new URL(receiver.base).host, status: 'failed', lastError: expect.stringContaining('sign not match') });
    expect(list.body).not.toContain('/refuse');
  });
});
