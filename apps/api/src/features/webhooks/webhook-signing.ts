import { createHmac } from 'node:crypto';
import type { ChatWebhookFormat } from '@townhall/domain';

export type SignedRequest = { url: string; headers: Record<string, string>; body: string };

const hmacBase64 = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64');

/**
 * The HTTP request for one webhook message, signed the way its service checks it:
 * - generic: `X-Townhall-Signature: sha256=<hex HMAC of "<timestamp>.<body>">` and
 *   `X-Townhall-Timestamp` (seconds), so receivers can refuse replays;
 * - DingTalk: `timestamp` (ms) and `sign` (base64 HMAC of "<timestamp>\n<secret>") in the URL;
 * - Feishu: `timestamp` (s) and `sign` (base64 HMAC keyed by "<timestamp>\n<secret>" of "") in the body;
 * - Slack and WeCom: the URL itself is the secret.
 */
export function signedWebhookRequest({
  format,
  url,
  secret,
  message,
  now,
}: {
  format: ChatWebhookFormat;
  url: string;
  secret: string | null;
  message: Record<string, unknown>;
  now: Date;
}): SignedRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Townhall-Webhooks/1' };
  if (format === 'generic') {
    const body = JSON.stringify(message);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    if (secret) {
      headers['x-townhall-timestamp'] = timestamp;
      headers['x-townhall-signature'] = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
    }
    return { url, headers, body };
  }
  if (format === 'dingtalk' && secret) {
    const timestamp = String(now.getTime());
    const signed = new URL(url);
    signed.searchParams.set('timestamp', timestamp);
    signed.searchParams.set('sign', hmacBase64(secret, `${timestamp}\n${secret}`));
    return { url: signed.toString(), headers, body: JSON.stringify(message) };
  }
  if (format === 'feishu' && secret) {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    return { url, headers, body: JSON.stringify({ timestamp, sign: hmacBase64(`${timestamp}\n${secret}`, ''), ...message }) };
  }
  return { url, headers, body: JSON.stringify(message) };
}

/**
 * Whether a chat service accepted the message. WeCom, DingTalk and Feishu answer HTTP 200 with an
 * error code in the body when they refuse one. The reason never repeats the answer's body beyond
 * such a service's own short error message: what a webhook target answers is not shown to staff.
 */
export function webhookAccepted(format: ChatWebhookFormat, status: number, responseText: string): { ok: true } | { ok: false; reason: string } {
  if (status < 200 || status >= 300) return { ok: false, reason: `HTTP ${status}` };
  if (format !== 'wecom' && format !== 'dingtalk' && format !== 'feishu') return { ok: true };
  try {
    const parsed = JSON.parse(responseText) as { errcode?: unknown; code?: unknown; StatusCode?: unknown; errmsg?: unknown; msg?: unknown };
    const code = parsed.errcode ?? parsed.code ?? parsed.StatusCode ?? 0;
    if (code === 0) return { ok: true };
    const message = typeof parsed.errmsg === 'string' ? parsed.errmsg : typeof parsed.msg === 'string' ? parsed.msg : '';
    return { ok: false, reason: `refused (${typeof code === 'number' ? code : 'error'}): ${message.slice(0, 100)}`.trim() };
  } catch {
    return { ok: false, reason: `HTTP ${status}, but not a ${format} answer` };
  }
}
