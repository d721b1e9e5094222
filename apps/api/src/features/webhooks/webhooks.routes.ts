import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  StaffWebhookBody,
  StaffWebhookState,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookTestResult,
} from '@townhall/contracts';
import { chatWebhookBody } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { signedWebhookRequest, webhookAccepted } from './webhook-signing.ts';
import { postWebhook, webhookUrlProblem } from './webhook-target.ts';
import { createWebhooksRepository } from './webhooks.repository.ts';

const pageSize = 50;

/** Staff members' chat webhooks for their check-in digests, and the delivery log for admins. */
export type WebhooksRoutesOptions = { publicUrl: string; now: () => Date; allowPrivateTargets: boolean };

/** The host a delivery went to, for the admins' log; a URL saved before it was checked shows as it is. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 200);
  }
}

export const webhooksRoutes: FastifyPluginAsyncTypebox<WebhooksRoutesOptions> = async (app, options) => {
  const webhooks = createWebhooksRepository(app.db);
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

  const state = async (userId: number) => {
    const row = await webhooks.staffWebhook(userId);
    return {
      webhook: row && { format: row.format, url: row.url, hasSecret: row.secret !== null, updatedAt: row.updatedAt.toISOString() },
    };
  };

  app.get(
    '/staff/webhook',
    {
      config: { access: { action: 'staff.settings' } },
      schema: { tags: ['staff'], summary: 'My chat webhook for check-in digests', response: { 200: StaffWebhookState, ...errors } },
    },
    async (request) => state(request.viewer.user!.id),
  );

  app.put(
    '/staff/webhook',
    {
      config: { access: { action: 'staff.settings' } },
      schema: {
        tags: ['staff'],
        summary: 'Set my chat webhook: generic signed JSON, Slack, WeCom, Feishu or DingTalk',
        body: StaffWebhookBody,
        response: { 200: StaffWebhookState, ...errors },
      },
    },
    async (request) => {
      const { format, url, secret } = request.body;
      // A generic receiver can only trust what is signed.
      if (format === 'generic' && !secret) throw new AppError('VALIDATION_FAILED', 'secret is required for a generic webhook', 'secret');
      const problem = webhookUrlProblem(url, options.allowPrivateTargets);
      if (problem) throw new AppError('VALIDATION_FAILED', `url ${problem}`, 'url');
      await webhooks.setStaffWebhook(request.viewer.user!.id, { format, url, secret: secret ?? null });
      return state(request.viewer.user!.id);
    },
  );

  app.delete(
    '/staff/webhook',
    {
      config: { access: { action: 'staff.settings' } },
      schema: { tags: ['staff'], summary: 'Remove my chat webhook', response: { 200: StaffWebhookState, ...errors } },
    },
    async (request) => {
      await webhooks.removeStaffWebhook(request.viewer.user!.id);
      return state(request.viewer.user!.id);
    },
  );

  app.post(
    '/staff/webhook/test',
    {
      config: { access: { action: 'staff.settings' }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['staff'],
        summary: 'Send a test message to my chat webhook now and say how it answered',
        response: { 200: WebhookTestResult, 404: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const row = await webhooks.staffWebhook(request.viewer.user!.id);
      if (!row) throw new AppError('NOT_FOUND', 'Set a webhook first');
      const message = chatWebhookBody(row.format, {
        title: 'Townhall test message',
        url: `${options.publicUrl}/staff/settings`,
        sections: [{ heading: 'This webhook works', items: [{ text: 'Your check-in digests will arrive here', url: `${options.publicUrl}/staff/settings` }] }],
      });
      try {
        const signed = signedWebhookRequest({ format: row.format, url: row.url, secret: row.secret, message, now: options.now() });
        const answer = await postWebhook(signed, { allowPrivate: options.allowPrivateTargets, timeoutMs: 10_000 });
        const verdict = webhookAccepted(row.format, answer.status, answer.text);
        return { ok: verdict.ok, status: answer.status, error: verdict.ok ? null : verdict.reason };
      } catch (error) {
        return { ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
      }
    },
  );

  app.get(
    '/admin/webhook-deliveries',
    {
      config: { access: { action: 'deliveries.read' } },
      schema: {
        tags: ['admin'],
        summary: 'Webhook deliveries, newest first (keyset pagination), with failures and their errors',
        querystring: WebhookDeliveryQuery,
        response: { 200: WebhookDeliveryPage, ...errors },
      },
    },
    async (request) => {
      const rows = await webhooks.list({
        beforeId: request.query.cursor ? Number(request.query.cursor) : null,
        limit: pageSize + 1,
        status: request.query.status ?? null,
      });
      const page = rows.slice(0, pageSize);
      return {
        items: page.map((row) => ({
          id: row.id,
          format: row.format,
          host: hostOf(row.url),
          status: row.status,
          attempts: row.attempts,
          lastError: row.lastError,
          responseStatus: row.responseStatus,
          sendAfter: row.sendAfter.toISOString(),
          sentAt: row.sentAt?.toISOString() ?? null,
          createdAt: row.createdAt.toISOString(),
        })),
        nextCursor: rows.length > pageSize ? String(page[page.length - 1]!.id) : null,
      };
    },
  );
};
