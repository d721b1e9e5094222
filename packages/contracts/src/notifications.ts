import { Type, type Static } from 'typebox';
import { Id, Timestamp } from './common.ts';

export const notificationKindNames = [
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

export const Notification = Type.Object({
  id: Id,
  kind: Type.Enum(notificationKindNames),
  /** "Ana answered your question", ready to show before the title. */
  lead: Type.String(),
  title: Type.String(),
  /** What it says beyond that, if anything (why staff hid a post…), as its e-mail says it. */
  detail: Type.Union([Type.String(), Type.Null()]),
  /** Where it leads on the site (a path, e.g. `/t/12?near=40#post-40`). */
  path: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])),
  read: Type.Boolean(),
  createdAt: Timestamp,
});
export type Notification = Static<typeof Notification>;

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unreadCount: Type.Integer({ minimum: 0 }),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const NotificationListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    unread: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UnreadCount = Type.Object({ unreadCount: Type.Integer({ minimum: 0 }) });

export const MarkReadBody = Type.Object(
  { ids: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }) },
  { additionalProperties: false },
);
export const MarkReadResult = Type.Object({ marked: Type.Integer({ minimum: 0 }), unreadCount: Type.Integer({ minimum: 0 }) });

export const WatchLevel = Type.Union([Type.Literal('watching'), Type.Literal('muted'), Type.Null()]);
/** `null` returns to the default: notified as the asker or participant, not as a watcher. */
export const WatchBody = Type.Object({ level: WatchLevel }, { additionalProperties: false });
export const WatchState = Type.Object({ level: WatchLevel });
export type WatchState = Static<typeof WatchState>;

export const EmailFrequency = Type.Enum(['immediately', 'daily', 'never']);
export const NotificationPreferences = Type.Object({
  emailNotifications: EmailFrequency,
  /** What people type after `@` to mention this person. */
  handle: Type.Union([Type.String(), Type.Null()]),
  /** E-mail about a notification waits this many minutes and is not sent if it was read meanwhile. */
  emailDelayMinutes: Type.Integer({ minimum: 0 }),
});
export type NotificationPreferences = Static<typeof NotificationPreferences>;
export const NotificationPreferencesBody = Type.Object({ emailNotifications: EmailFrequency }, { additionalProperties: false });

export const mailStatuses = ['pending', 'sending', 'sent', 'stored', 'dropped', 'failed'] as const;
export const OutboxMail = Type.Object({
  id: Id,
  toAddress: Type.String(),
  subject: Type.String(),
  textBody: Type.String(),
  status: Type.Enum(mailStatuses),
  attempts: Type.Integer({ minimum: 0 }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  sendAfter: Timestamp,
  sentAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});
export type OutboxMail = Static<typeof OutboxMail>;
/**
 * Notifications whose e-mail is not written yet: it waits for its delay, and is written into the
 * outbox when due unless the notification is read first.
 */
export const WaitingNotificationEmails = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  /** When the first of them is due; null when none waits. */
  nextDueAt: Type.Union([Timestamp, Type.Null()]),
});
export const OutboxPage = Type.Object({
  items: Type.Array(OutboxMail),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  waitingNotificationEmails: WaitingNotificationEmails,
});
export type OutboxPage = Static<typeof OutboxPage>;
/** Why a due notification e-mail was not written (see `dueEmailSkipReason` in the domain). */
export const EmailSkipReason = Type.Enum(['read', 'deactivated', 'unreadable', 'digest', 'off']);
/** A notification whose e-mail was due and not written, and why. */
export const SkippedEmail = Type.Object({
  notificationId: Id,
  kind: Type.Enum(notificationKindNames),
  /** What the notification is about (the topic's title, as it was). */
  title: Type.String(),
  recipient: Type.Object({ id: Id, displayName: Type.String(), email: Type.String() }),
  reason: EmailSkipReason,
  skippedAt: Timestamp,
});
export type SkippedEmail = Static<typeof SkippedEmail>;
export const SkippedEmailPage = Type.Object({
  items: Type.Array(SkippedEmail),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type SkippedEmailPage = Static<typeof SkippedEmailPage>;
export const SkippedEmailQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
    /** Only this recipient's (their e-mail address, in any case). */
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
  },
  { additionalProperties: false },
);
export const OutboxQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
    status: Type.Optional(Type.Enum(mailStatuses)),
  },
  { additionalProperties: false },
);
