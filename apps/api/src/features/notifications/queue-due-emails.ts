import { notificationPath, sendsDueEmail } from '@townhall/domain';
import { notificationMail } from './notification-mail.ts';
import type { NotificationsRepository } from './notifications.repository.ts';

/** Notifications taken per transaction; a run goes on until none is left due. */
const batchSize = 200;

/**
 * Writes the e-mails of the notifications due at `now` into the outbox, where delivery takes
 * them: only now, so that the many read before their e-mail was due never cost one. Each goes
 * out as its recipient would have it now (see `sendsDueEmail`), with the actor's name of now.
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
      compose(due) {
        if (!sendsDueEmail(due)) return null;
        const content = notificationMail({
          kind: due.kind,
          actorName: due.actorName,
          title: due.title,
          url: publicUrl + notificationPath(due),
          preferencesUrl: `${publicUrl}/notifications/settings`,
        });
        return { subject: content.subject, textBody: content.text };
      },
    });
    report.queued += batch.queued;
    report.notMailed += batch.taken - batch.queued;
    if (batch.taken < batchSize) return report;
  }
}
