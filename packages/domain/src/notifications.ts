import { postPath } from './post-links.ts';

/** Why someone is told about something; one notification per person and event. */
export const notificationKinds = [
  'question_answered',
  'topic_reply',
  'new_topic',
  'mention',
  'answer_accepted',
  'beta_decision',
  'release_note',
  'sla_digest',
  'demand_shipped',
  'post_hidden',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** How often someone wants e-mail about their notifications. */
export const emailFrequencies = ['immediately', 'daily', 'never'] as const;
export type EmailFrequency = (typeof emailFrequencies)[number];

/** `watching`: told about every reply (topic) or new topic (board); `muted`: told nothing from it. */
export const watchLevels = ['watching', 'muted'] as const;
export type WatchLevel = (typeof watchLevels)[number];

export type PostNotificationInput = {
  authorId: number;
  /** The person who opened the topic (the asker, for a question). */
  topicAuthorId: number;
  /** True for the opening post of a new topic. */
  isOpeningPost: boolean;
  /** The topic is a question on the Q&A board, so its author hears about answers as answers. */
  isQuestion: boolean;
  topicWatches: { userId: number; level: WatchLevel }[];
  boardWatches: { userId: number; level: WatchLevel }[];
  /** People mentioned in the post, already resolved from handles to ids. */
  mentionedUserIds: number[];
};

export type NotificationRecipient = { userId: number; kind: NotificationKind };

/**
 * Who hears about a new post, and why: a mention beats an answer to your question, which beats a
 * reply in a topic you watch (a new topic, for people watching the board). Nobody hears about
 * their own post; muting the topic or the board silences everything from it, mentions included.
 * Whether each recipient may read the topic is checked by the caller afterwards.
 */
export function recipientsForNewPost(input: PostNotificationInput): NotificationRecipient[] {
  const mutedTopic = new Set(input.topicWatches.filter((w) => w.level === 'muted').map((w) => w.userId));
  const mutedBoard = new Set(input.boardWatches.filter((w) => w.level === 'muted').map((w) => w.userId));
  const silenced = (userId: number) => userId === input.authorId || mutedTopic.has(userId) || mutedBoard.has(userId);
  const chosen = new Map<number, NotificationKind>();
  const offer = (userId: number, kind: NotificationKind) => {
    if (!silenced(userId) && !chosen.has(userId)) chosen.set(userId, kind);
  };

  for (const userId of input.mentionedUserIds) offer(userId, 'mention');
  if (input.isOpeningPost) {
    for (const watch of input.boardWatches) if (watch.level === 'watching') offer(watch.userId, 'new_topic');
  } else {
    offer(input.topicAuthorId, input.isQuestion ? 'question_answered' : 'topic_reply');
    for (const watch of input.topicWatches) if (watch.level === 'watching') offer(watch.userId, 'topic_reply');
  }
  return [...chosen].map(([userId, kind]) => ({ userId, kind }));
}

/**
 * How long after a notification its e-mail may go out: `delayMinutes` for people who want mail at
 * once (dropped if they read it meanwhile); null, no e-mail of its own, for the others (a daily
 * digest collects them).
 */
export function emailDelayMinutes({ frequency, delayMinutes }: { frequency: EmailFrequency; delayMinutes: number }): number | null {
  return frequency === 'immediately' ? delayMinutes : null;
}

/** Why a notification's e-mail was not sent when it was due: what the admins' outbox shows. */
export const emailSkipReasons = ['read', 'deactivated', 'unreadable', 'digest', 'off'] as const;
export type EmailSkipReason = (typeof emailSkipReasons)[number];

/**
 * Whether a notification's e-mail goes out when it is due, and if not, why: its recipient read it
 * first, was deactivated, may no longer read what it is about (a post hidden or deleted since), or
 * changed their mind since (the daily digest, or no e-mail). The first of these that holds is the
 * reason; null means it is sent.
 */
export function dueEmailSkipReason(state: { read: boolean; active: boolean; frequency: EmailFrequency; readable: boolean }): EmailSkipReason | null {
  if (state.read) return 'read';
  if (!state.active) return 'deactivated';
  if (!state.readable) return 'unreadable';
  if (state.frequency === 'daily') return 'digest';
  if (state.frequency === 'never') return 'off';
  return null;
}

/**
 * Where a notification leads, as a path on the site: the post where its readers see it (a reply in
 * its topic, a comment on its release note's page), a release note or beta program on its own
 * page, or the notification list for what has no page.
 */
export function notificationPath({
  topicId,
  postId,
  board,
}: {
  topicId: number | null;
  postId: number | null;
  board: { kind: 'qa' | 'release_notes' | 'beta'; visibility: string } | null;
}): string {
  if (topicId === null || board === null) return '/notifications';
  // Programs have their own pages; a program's feedback area holds ordinary topics.
  if (board.kind === 'beta' && board.visibility !== 'participants') return `/beta/${topicId}`;
  if (postId !== null) return postPath({ boardKind: board.kind, topicId, postId });
  return board.kind === 'release_notes' ? `/release-notes/${topicId}` : `/t/${topicId}`;
}
