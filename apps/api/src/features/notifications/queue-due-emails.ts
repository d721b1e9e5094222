import { dueEmailSkipReason, notificationPath } from '@townhall/domain';
import { notificationMail } from './notification-mail.ts';
import type { NotificationsRepository } from './notifications.repository.ts';

/** Notifications taken per transaction; a run goes on until none is left due. */
const batchSize = 200;

/**
 * Writes the e-mails of the notifications due at `now` into the outbox, where delivery takes
 * them: only now, so that the many read before their e-mail was due never cost one. Each goes
 * out as its recipient would have it now (see `dueEmailSkipReason`; the reason is kept for those not sent), with the actor's name of now.
 */
export async function queueDueNotificationEmails({
  repository,
  now,
  publicUrl,
}: {
  repository: NotificationsRepository;
  now: Date;
  publicUrl: string;
}): Promise<{ queued: number; notMailed: number }> {
  const report = { queued: 0, notMailed: 0 };
  for (;;) {
    const batch = await repository.queueDueEmails({
      now,
      limit: batchSize,
      decide(due) {
        const skipped = dueEmailSkipReason(due);
        if (skipped !== null) return { skipped };
        const content = notificationMail({
          kind: due.kind,
          actorName: due.actorName,
          title: due.title,
          data: due.data,
          url: publicUrl + notificationPath(due),
          preferencesUrl: `${publicUrl}/notifications/settings`,
        });
        return { mail: { subject: content.subject, textBody: content.text } };
      },
    });
    report.queued += batch.queued;
    report.notMailed += batch.taken - batch.queued;
    if (batch.taken < batchSize) return report;
  }
}
