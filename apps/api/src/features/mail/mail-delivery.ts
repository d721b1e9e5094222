import { nextDeliveryAttemptAt } from '@townhall/domain';
import type { MailRepository } from './mail.repository.ts';
import type { MailTransport } from './mail-transport.ts';

export type DeliveryReport = { sent: number; stored: number; dropped: number; retried: number; failed: number };

/** A claimed mail not finished within this long is taken to be lost with its instance. */
const claimTimeoutMs = 5 * 60_000;

/**
 * Delivers the mails that are due at `now`: each is claimed by one instance only; one about a
 * notification its reader has seen meanwhile is dropped; without SMTP it is kept in the outbox
 * (`stored`) for admins. A failure is retried with backoff. A crash between the SMTP server's
 * acceptance and the `sent` mark can send a mail twice (at least once, never lost).
 */
export async function deliverDueMail({
  repository,
  transport,
  now,
  limit = 50,
}: {
  repository: MailRepository;
  transport: MailTransport;
  now: Date;
  limit?: number;
}): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, stored: 0, dropped: 0, retried: 0, failed: 0 };
  const claimed = await repository.claimDue({ now, staleBefore: new Date(now.getTime() - claimTimeoutMs), limit });
  const read = await repository.readNotificationIds(claimed.flatMap((mail) => (mail.notificationId === null ? [] : [mail.notificationId])));
  for (const mail of claimed) {
    if (mail.notificationId !== null && read.has(mail.notificationId)) {
      await repository.finish(mail.id, { status: 'dropped', at: now });
      report.dropped += 1;
      continue;
    }
    if (!transport) {
      await repository.finish(mail.id, { status: 'stored', at: now });
      report.stored += 1;
      continue;
    }
    try {
      await transport.send({ to: mail.toAddress, subject: mail.subject, text: mail.textBody });
      await repository.finish(mail.id, { status: 'sent', at: now });
      report.sent += 1;
    } catch (error) {
      const retryAt = nextDeliveryAttemptAt({ attempts: mail.attempts, failedAt: now });
      await repository.fail(mail.id, error instanceof Error ? error.message.slice(0, 500) : String(error), retryAt);
      if (retryAt) report.retried += 1;
      else report.failed += 1;
    }
  }
  return report;
}

/**
 * Delivers due mail batch after batch until none is left due at `now` or `budgetMs` has passed
 * (the next scheduled run takes the rest), so that a run is not capped at one batch: a job run
 * is taken by one instance only, and SMTP sends one mail at a time.
 */
export async function deliverAllDueMail({
  repository,
  transport,
  now,
  batchSize = 50,
  budgetMs = 40_000,
}: {
  repository: MailRepository;
  transport: MailTransport;
  now: Date;
  batchSize?: number;
  budgetMs?: number;
}): Promise<DeliveryReport> {
  const total: DeliveryReport = { sent: 0, stored: 0, dropped: 0, retried: 0, failed: 0 };
  const started = performance.now();
  for (;;) {
    const report = await deliverDueMail({ repository, transport, now, limit: batchSize });
    let handled = 0;
    for (const key of Object.keys(total) as (keyof DeliveryReport)[]) {
      total[key] += report[key];
      handled += report[key];
    }
    if (handled < batchSize || performance.now() - started >= budgetMs) return total;
  }
}
