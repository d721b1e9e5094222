import { buildCheckInDigest, chatWebhookBody, zonedMoment } from '@townhall/domain';
import type { Database } from '@townhall/db';
import type { Notifier } from '../../plugins/notify.ts';
import { createMailRepository } from '../mail/mail.repository.ts';
import { readSlaSettings } from '../sla/sla-clock.repository.ts';
import { createSlaRepository } from '../sla/sla.repository.ts';
import { createWebhooksRepository } from '../webhooks/webhooks.repository.ts';
import { createStaffContactsRepository } from './staff-contacts.repository.ts';
import { createUrgentAlertRepository } from './urgent-alert.repository.ts';

/**
 * A question marked urgent alerts the staff who cover it at once, on every channel, instead of
 * waiting for the next check-in: the assignee or everyone covering its board, or the backup of
 * whoever is on leave, and when none of them is on duty (a board nobody covers) every PM and ops
 * member on duty (the digest's routing). Once per question, whatever the retries.
 */
export async function sendUrgentAlert({
  db,
  notifier,
  topicId,
  now,
  publicUrl,
}: {
  db: Database;
  notifier: Notifier;
  topicId: number;
  now: Date;
  publicUrl: string;
}): Promise<{ recipients: number[] }> {
  const item = await createUrgentAlertRepository(db).digestItem(topicId);
  if (!item) return { recipients: [] };
  const { settings } = await readSlaSettings(db);
  const staff = await createSlaRepository(db).listStaffCoverage();
  // Routed like a digest for a window that is now, with the item counted as overdue.
  const moment = { opensAt: now, closesAt: now };
  const { digests } = buildCheckInDigest({ window: moment, nextWindow: moment, timeZone: settings.timeZone, items: [{ ...item, state: 'breached' }], staff });
  const recipients = digests.filter((digest) => digest.breached.length > 0).map((digest) => digest.recipientId);
  if (recipients.length === 0) return { recipients };

  const title = `Urgent: ${item.title}`;
  const url = `${publicUrl}/t/${topicId}`;
  const text = `${title} (${item.tier}, due ${zonedMoment({ at: item.dueAt, timeZone: settings.timeZone, reference: now })})`;
  const webhooks = createWebhooksRepository(db);
  const [emails, hooks] = await Promise.all([createStaffContactsRepository(db).emails(recipients), webhooks.staffWebhooks(recipients)]);
  await notifier.send(
    recipients.map((userId) => ({
      userId,
      kind: 'sla_digest' as const,
      actorId: null,
      topicId,
      postId: null,
      title,
      data: { urgent: 1 },
      dedupeKey: `urgent:${topicId}`,
    })),
    { email: false },
  );
  await createMailRepository(db).enqueue(
    recipients.flatMap((userId) => {
      const toAddress = emails.get(userId);
      return toAddress
        ? [{ userId, toAddress, subject: `[Townhall] ${title}`, textBody: `${text}\n\n${url}\n\nMarked urgent: it needs an answer before the next check-in.\n`, dedupeKey: `urgent:${topicId}:${userId}:email`, sendAfter: now }]
        : [];
    }),
  );
  await webhooks.enqueue(
    hooks.map((hook) => ({
      userId: hook.userId,
      format: hook.format,
      url: hook.url,
      secret: hook.secret,
      message: chatWebhookBody(hook.format, { title, url, sections: [{ heading: 'Marked urgent', items: [{ text, url }] }] }),
      dedupeKey: `urgent:${topicId}:${hook.userId}:webhook`,
      sendAfter: now,
    })),
  );
  return { recipients };
}
