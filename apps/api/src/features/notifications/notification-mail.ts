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
};

/** The sentence a notification opens with, in the list and in its e-mail. */
export function notificationLead(kind: NotificationKind, actorName: string | null): string {
  return leads[kind](actorName);
}

/** The plain-text e-mail for one notification. */
export function notificationMail({
  kind,
  actorName,
  title,
  url,
  preferencesUrl,
}: {
  kind: NotificationKind;
  actorName: string | null;
  title: string;
  url: string;
  preferencesUrl: string;
}): { subject: string; text: string } {
  const lead = notificationLead(kind, actorName);
  return {
    subject: `[Townhall] ${title}`.slice(0, 200),
    text: `${lead}: ${title}\n\n${url}\n\n—\nYou get this e-mail because of your notification settings: ${preferencesUrl}\n`,
  };
}
