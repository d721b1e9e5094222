import type { NotificationKind } from '@townhall/domain';
import { notificationLead } from '../notifications/notification-mail.ts';

export type DigestItem = {
  kind: NotificationKind;
  title: string;
  actorName: string | null;
  path: string;
  /** What the notification says beyond its lead (see `notificationDetail`), as its own e-mail would. */
  detail?: string | null;
};

const maxItemsListed = 30;

/** One plain-text e-mail with a person's unread notifications of the past day. */
export function dailyDigestMail({ items, publicUrl }: { items: DigestItem[]; publicUrl: string }): { subject: string; text: string } {
  const listed = items.slice(0, maxItemsListed);
  const lines = listed.map(
    (item) => `- ${notificationLead(item.kind, item.actorName)}: ${item.title}\n${item.detail ? `  ${item.detail}\n` : ''}  ${publicUrl}${item.path}`,
  );
  const more = items.length > listed.length ? `\n…and ${items.length - listed.length} more: ${publicUrl}/notifications\n` : '';
  return {
    subject: `[Townhall] ${items.length} unread notification${items.length === 1 ? '' : 's'}`,
    text: `Your daily summary of what you have not read yet:\n\n${lines.join('\n')}\n${more}\n—\nChange how often you get e-mail: ${publicUrl}/notifications/settings\n`,
  };
}
