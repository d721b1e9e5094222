import { nextDeliveryAttemptAt } from '@townhall/domain';
import { signedWebhookRequest, webhookAccepted } from './webhook-signing.ts';
import { postWebhook, type WebhookAnswer } from './webhook-target.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';

export type WebhookReport = { sent: number; retried: number; failed: number };

const claimTimeoutMs = 5 * 60_000;
const requestTimeoutMs = 10_000;

/**
 * Posts the webhook calls that are due at `now`, each claimed by one instance; a refused or failed
 * call is retried with backoff, then marked failed for admins to see. As with mail, a crash
 * between the receiver's answer and the `sent` mark can repeat a call (never lose one).
 */
export async function deliverDueWebhooks({
  repository,
  now,
  limit = 50,
  allowPrivateTargets,
}: {
  repository: WebhooksRepository;
  now: Date;
  limit?: number;
  /** Whether targets on loopback and private addresses may be reached (see webhook-target.ts). */
  allowPrivateTargets: boolean;
}): Promise<WebhookReport> {
  const report: WebhookReport = { sent: 0, retried: 0, failed: 0 };
  const claimed = await repository.claimDue({ now, staleBefore: new Date(now.getTime() - claimTimeoutMs), limit });
  await Promise.all(
    claimed.map(async (delivery) => {
      let status: number | null = null;
      let outcome: { ok: true } | { ok: false; reason: string };
      try {
        // Inside the try: a URL that cannot be used fails this delivery, not the whole run.
        const request = signedWebhookRequest({ format: delivery.format, url: delivery.url, secret: delivery.secret, message: delivery.message, now });
        const answer: WebhookAnswer = await postWebhook(request, { allowPrivate: allowPrivateTargets, timeoutMs: requestTimeoutMs });
        status = answer.status;
        outcome = webhookAccepted(delivery.format, answer.status, answer.text);
      } catch (error) {
        outcome = { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
      if (outcome.ok) {
        await repository.markSent(delivery.id, now, status!);
        report.sent += 1;
        return;
      }
      const retryAt = nextDeliveryAttemptAt({ attempts: delivery.attempts, failedAt: now });
      await repository.fail(delivery.id, outcome.reason.slice(0, 500), status, retryAt);
      if (retryAt) report.retried += 1;
      else report.failed += 1;
    }),
  );
  return report;
}
