import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { emailSkipReasons, notificationKinds, watchLevels } from '@townhall/domain';
import { boards, posts, topics } from './boards.ts';
import { users } from './users.ts';

export const notificationKindEnum = pgEnum('notification_kind', notificationKinds);
export const watchLevelEnum = pgEnum('watch_level', watchLevels);
export const emailSkipReasonEnum = pgEnum('email_skip_reason', emailSkipReasons);
export const mailStatusEnum = pgEnum('mail_status', ['pending', 'sending', 'sent', 'stored', 'dropped', 'failed']);

/** What someone is told about; shown in their notification center, read or unread. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: notificationKindEnum().notNull(),
    /** Who caused it, if a person did. */
    actorId: bigint({ mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    topicId: bigint({ mode: 'number' }).references(() => topics.id),
    postId: bigint({ mode: 'number' }).references(() => posts.id),
    /** What the list shows: the topic title or the digest's subject, as it was. */
    title: text().notNull(),
    /** Small extras per kind (a beta decision's status, a digest's counts). */
    data: jsonb().$type<Record<string, string | number | null>>().notNull().default({}),
    /** Makes a retried or repeated job write the same notification once (e.g. `sla:<window>`). */
    dedupeKey: text(),
    readAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * When its e-mail is due, if its recipient wants one and it has not gone to the outbox yet.
     * The e-mail is written only then (most notifications are read before), by the delivery job.
     */
    emailAfter: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * Set when its e-mail was due and not written, with why (read first, digest chosen since…), so
     * admins can tell why someone got no e-mail; `emailSkippedAt` is when that was decided.
     */
    emailSkipped: emailSkipReasonEnum(),
    emailSkippedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // The delivery job: notifications whose e-mail is due, in order.
    index('notifications_email_due_idx').on(t.emailAfter, t.id).where(sql`${t.emailAfter} is not null`),
    // The admins' list of skipped e-mails: newest first, keyset on id.
    index('notifications_email_skipped_idx').on(t.id.desc()).where(sql`${t.emailSkipped} is not null`),
    // The list: newest first per person, keyset on id.
    index('notifications_user_newest_idx').on(t.userId, t.id.desc()),
    // The unread count and "mark all read".
    index('notifications_user_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_user_dedupe_unique').on(t.userId, t.dedupeKey).where(sql`${t.dedupeKey} is not null`),
  ],
);

/** Someone's choice for one topic: hear about every reply, or nothing at all. */
export const topicWatches = pgTable(
  'topic_watches',
  {
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    topicId: bigint({ mode: 'number' })
      .notNull()
      .references(() => topics.id),
    level: watchLevelEnum().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  // The write path reads a topic's watchers: (topic_id, user_id) serves it.
  (t) => [primaryKey({ columns: [t.topicId, t.userId] }), index().on(t.userId)],
);

/** Someone's choice for one board: hear about every new topic, or nothing from it. */
export const boardWatches = pgTable(
  'board_watches',
  {
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    boardId: bigint({ mode: 'number' })
      .notNull()
      .references(() => boards.id),
    level: watchLevelEnum().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.userId] }), index().on(t.userId)],
);

/**
 * Every e-mail the forum writes. Sent through SMTP when it is configured; otherwise kept here
 * (`stored`) for admins to read. A mail waits until `sendAfter`; one about a notification that
 * was read meanwhile is `dropped`. The dedupe key makes a mail exactly-once per purpose. A
 * notification's e-mail comes here only once it is due (see `notifications.emailAfter`).
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    toAddress: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    notificationId: bigint({ mode: 'number' }).references(() => notifications.id, { onDelete: 'set null' }),
    dedupeKey: text().notNull(),
    status: mailStatusEnum().notNull().default('pending'),
    sendAfter: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    claimedAt: timestamp({ withTimezone: true, precision: 3 }),
    sentAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_unique').on(t.dedupeKey),
    // The delivery loop: due mails in order.
    index('mail_outbox_due_idx').on(t.sendAfter, t.id).where(sql`${t.status} in ('pending', 'sending')`),
    // The admin list: newest first.
    index('mail_outbox_newest_idx').on(t.id.desc()),
  ],
);
