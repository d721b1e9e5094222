import { notificationPath } from '@townhall/domain';
import type { NotificationsRepository } from '../notifications/notifications.repository.ts';
import { notificationDetail } from '../notifications/notification-mail.ts';
import { dailyDigestMail, type DigestItem } from './daily-digest.ts';
import type { MailRepository } from './mail.repository.ts';

/**
 * Queues one digest e-mail per person who chose "daily", with what they have not read in the past
 * day. Keyed by person and day, so a rerun of the job the same day queues nothing twice.
 */
export async function queueDailyDigests({
  notifications,
  mail,
  now,
  publicUrl,
}: {
  notifications: NotificationsRepository;
  mail: MailRepository;
  now: Date;
  publicUrl: string;
}) {
  const rows = await notifications.dailyDigestItems(new Date(now.getTime() - 24 * 3_600_000));
  const byPerson = new Map<number, { email: string; items: DigestItem[] }>();
  for (const row of rows) {
    const entry = byPerson.get(row.userId) ?? { email: row.email, items: [] };
    entry.items.push({
      kind: row.kind,
      title: row.title,
      actorName: row.actorName,
      detail: notificationDetail(row.kind, row.data),
      path:
        row.kind === 'sla_digest' && typeof row.data.path === 'string'
          ? row.data.path
          : notificationPath({
              topicId: row.topicId,
              postId: row.postId,
              board: row.boardKind && row.boardVisibility ? { kind: row.boardKind, visibility: row.boardVisibility } : null,
            }),
    });
    byPerson.set(row.userId, entry);
  }
  const day = now.toISOString().slice(0, 10);
  const queued = await mail.enqueue(
    [...byPerson].map(([userId, { email, items }]) => {
      const content = dailyDigestMail({ items, publicUrl });
      return { userId, toAddress: email, subject: content.subject, textBody: content.text, dedupeKey: `digest:${userId}:${day}`, sendAfter: now };
    }),
  );
  return { queued: queued.length };
}
