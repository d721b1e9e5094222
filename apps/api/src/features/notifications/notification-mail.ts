import type { NotificationKind } from '@townhall/domain';

const leads: Record<NotificationKind, (actor: string | null) => string> = {
  question_answered: (actor) => `${actor ?? 'Someone'} answered your question`,
  topic_reply: (actor) => `${actor ?? 'Someone'} replied in a topic you watch`,
  new_topic: (actor) => `${actor ?? 'Someone'} started a new topic on a board you watch`,
  mention: (actor) => `${actor ?? 'Someone'} mentioned you`,
  answer_accepted: (actor) => `${actor ?? 'Someone'} accepted your answer`,
  beta_decision: () => 'There is news about your beta application',
  release_note: () => 'A new release note is out',
  sla_digest: () => 'Your check-in digest',
  demand_shipped: () => 'What you asked for has shipped',
  post_hidden: () => 'Staff hid your post',
};

/** The sentence a notification opens with, in the list and in its e-mail. */
export function notificationLead(kind: NotificationKind, actorName: string | null): string {
  return leads[kind](actorName);
}

/**
 * What a notification says beyond its lead and title, from its extras: why staff hid a post, and
 * what its author can still do.
 */
export function notificationDetail(kind: NotificationKind, data: Record<string, string | number | null>): string | null {
  if (kind !== 'post_hidden') return null;
  const why = typeof data.reason === 'string' ? `Their reason: “${data.reason}”.` : 'They hid it after someone reported it.';
  return `${why} Only you and staff can see it now; you can still edit it.`;
}

/** The plain-text e-mail for one notification. */
export function notificationMail({
  kind,
  actorName,
  title,
  url,
  preferencesUrl,
  data = {},
}: {
  kind: NotificationKind;
  actorName: string | null;
  title: string;
  url: string;
  preferencesUrl: string;
  data?: Record<string, string | number | null>;
}): { subject: string; text: string } {
  const lead = notificationLead(kind, actorName);
  const detail = notificationDetail(kind, data);
  return {
    subject: `[Townhall] ${title}`.slice(0, 200),
    text: `${lead}: ${title}\n\n${detail ? `${detail}\n\n` : ''}${url}\n\n—\nYou get this e-mail because of your notification settings: ${preferencesUrl}\n`,
  };
}
