import { buildCheckInDigest, chatWebhookBody, checkInAlertsDue } from '@townhall/domain';
import type { Database } from '@townhall/db';
import type { Notifier } from '../../plugins/notify.ts';
import { createMailRepository } from '../mail/mail.repository.ts';
import { readSlaSettings } from '../sla/sla-clock.repository.ts';
import { createSlaRepository } from '../sla/sla.repository.ts';
import { createWebhooksRepository } from '../webhooks/webhooks.repository.ts';
import { checkInDigestContent, checkInDigestText } from './digest-content.ts';
import { createStaffContactsRepository } from './staff-contacts.repository.ts';

export type CheckInAlertReport = { windows: string[]; inApp: number; emails: number; webhooks: number };

/**
 * Sends the check-in digests due at `now`: for each window from its lead time until it closes,
 * one digest per on-duty PM and ops member with something due, in the app, by e-mail and to their
 * chat webhook. Each channel's write carries a unique key per window and recipient, so running
 * this every minute, on several instances, or again after a restart sends each digest once.
 */
export async function sendCheckInAlerts({
  db,
  notifier,
  now,
  publicUrl,
}: {
  db: Database;
  notifier: Notifier;
  now: Date;
  publicUrl: string;
}): Promise<CheckInAlertReport> {
  const report: CheckInAlertReport = { windows: [], inApp: 0, emails: 0, webhooks: 0 };
  const { settings } = await readSlaSettings(db);
  const due = checkInAlertsDue({ settings, now });
  if (due.length === 0) return report;
  const sla = createSlaRepository(db);
  const mail = createMailRepository(db);
  const webhooks = createWebhooksRepository(db);
  const contacts = createStaffContactsRepository(db);
  const staff = await sla.listStaffCoverage();

  for (const { window, nextWindow, key } of due) {
    report.windows.push(key);
    const items = await sla.listDigestItems({ dueBefore: nextWindow.opensAt });
    const { digests } = buildCheckInDigest({ window, nextWindow, timeZone: settings.timeZone, items, staff });
    const withWork = digests
      .map((digest) => ({ digest, content: checkInDigestContent({ digest, window, nextWindow, timeZone: settings.timeZone, publicUrl }) }))
      .filter(({ content }) => content.count > 0);
    if (withWork.length === 0) continue;
    const recipientIds = withWork.map(({ digest }) => digest.recipientId);
    const [emails, hooks] = await Promise.all([contacts.emails(recipientIds), webhooks.staffWebhooks(recipientIds)]);

    const inApp = await notifier.send(
      withWork.map(({ digest, content }) => ({
        userId: digest.recipientId,
        kind: 'sla_digest' as const,
        actorId: null,
        topicId: null,
        postId: null,
        title: content.title,
        data: {
          path: '/staff/sla',
          window: key,
          breached: digest.breached.length,
          dueThisWindow: digest.dueThisWindow.length,
          dueBeforeNextWindow: digest.dueBeforeNextWindow.length,
        },
        dedupeKey: `sla:${key}`,
      })),
      { email: false },
    );
    const mails = await mail.enqueue(
      withWork.flatMap(({ digest, content }) => {
        const toAddress = emails.get(digest.recipientId);
        if (!toAddress) return [];
        return [{ userId: digest.recipientId, toAddress, subject: `[Townhall] ${content.title}`, textBody: checkInDigestText(content), dedupeKey: `sla:${key}:${digest.recipientId}:email`, sendAfter: now }];
      }),
    );
    const hookByUser = new Map(hooks.map((hook) => [hook.userId, hook]));
    const calls = await webhooks.enqueue(
      withWork.flatMap(({ digest, content }) => {
        const hook = hookByUser.get(digest.recipientId);
        if (!hook) return [];
        const { count: _count, ...chat } = content;
        return [
          {
            userId: digest.recipientId,
            format: hook.format,
            url: hook.url,
            secret: hook.secret,
            message: chatWebhookBody(hook.format, chat),
            dedupeKey: `sla:${key}:${digest.recipientId}:webhook`,
            sendAfter: now,
          },
        ];
      }),
    );
    report.inApp += inApp.length;
    report.emails += mails.length;
    report.webhooks += calls.length;
  }
  return report;
}
