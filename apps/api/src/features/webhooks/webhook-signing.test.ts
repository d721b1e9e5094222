import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedWebhookRequest, webhookAccepted } from './webhook-signing.ts';

const now = new Date('2026-03-02T08:30:00.123Z');
const message = { text: 'hello' };

describe('signedWebhookRequest', () => {
  it('signs generic JSON with a timestamped HMAC-SHA256 a receiver can recompute', () => {
    const request = signedWebhookRequest({ format: 'generic', url: 'https://hooks.test/x', secret: 's3cret', message, now });
    expect(request.headers['x-townhall-timestamp']).toBe('1772440200');
    const expected = createHmac('sha256', 's3cret').update(`1772440200.${request.body}`).digest('hex');
    expect(request.headers['x-townhall-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(request.body)).toEqual(message);
  });

  it('puts DingTalk’s timestamp and sign in the URL', () => {
    const request = signedWebhookRequest({ format: 'dingtalk', url: 'https://oapi.dingtalk.test/robot/send?access_token=abc', secret: 'SEC1', message, now });
    const url = new URL(request.url);
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1772440200123');
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SEC1').update('1772440200123\nSEC1').digest('base64'));
  });

  it('puts Feishu’s timestamp and sign in the body', () => {
    const request = signedWebhookRequest({ format: 'feishu', url: 'https://open.feishu.test/hook/x', secret: 'fs', message, now });
    const body = JSON.parse(request.body);
    expect(body.timestamp).toBe('1772440200');
    expect(body.sign).toBe(createHmac('sha256', '1772440200\nfs').update('').digest('base64'));
    expect(body.text).toBe('hello');
  });

  it('sends Slack and WeCom messages as they are', () => {
    for (const format of ['slack', 'wecom'] as const) {
      const request = signedWebhookRequest({ format, url: 'https://hooks.test/y', secret: null, message, now });
      expect(request).toEqual({ url: 'https://hooks.test/y', headers: expect.any(Object), body: '{"text":"hello"}' });
    }
  });
});

describe('webhookAccepted', () => {
  it.each([
    ['slack', 200, 'ok', true],
    ['slack', 500, 'oops', false],
    ['generic', 204, '', true],
    ['wecom', 200, '{"errcode":0,"errmsg":"ok"}', true],
    ['wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}', false],
    ['dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}', false],
    ['feishu', 200, '{"code":0,"msg":"success"}', true],
    ['feishu', 200, '{"code":19021,"msg":"sign match fail"}', false],
    ['feishu', 200, 'not json', false],
  ] as const)('%s answering %i %s → %s', (format, status, text, ok) => {
    expect(webhookAccepted(format, status, text).ok).toBe(ok);
  });

  it('does not repeat what the target answered, beyond a chat service’s own error message', () => {
    expect(webhookAccepted('generic', 500, 'INTERNAL-ONLY: db_password=hunter2')).toEqual({ ok: false, reason: 'HTTP 500' });
    expect(webhookAccepted('wecom', 200, '<html>internal admin page</html>')).toEqual({ ok: false, reason: 'HTTP 200, but not a wecom answer' });
    expect(webhookAccepted('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ ok: false, reason: 'refused (310000): sign not match' });
  });
});
