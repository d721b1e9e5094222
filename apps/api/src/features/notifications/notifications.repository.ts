import { and, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  asyncCommitSetting,
  boardWatches,
  boards,
  mailOutbox,
  notifications,
  posts,
  topicWatches,
  topics,
  users,
  type Database,
  type Transaction,
  newestFirst,
  rowsOf,
} from '@townhall/db';
import type { EmailFrequency, EmailSkipReason, NotificationKind, Role, WatchLevel } from '@townhall/domain';

export type NewNotification = {
  userId: number;
  kind: NotificationKind;
  actorId: number | null;
  topicId: number | null;
  postId: number | null;
  title: string;
  data?: Record<string, string | number | null>;
  dedupeKey?: string | null;
};

export type InsertedNotification = Pick<NewNotification, 'userId' | 'kind' | 'actorId' | 'topicId' | 'postId' | 'title'> & { id: number; createdAt: Date };

export type Watch = { userId: number; level: WatchLevel };

/** A notification whose e-mail is due, with what decides whether it goes and what it says. */
export type DueEmail = {
  id: number;
  userId: number;
  kind: NotificationKind;
  title: string;
  topicId: number | null;
  postId: number | null;
  emailAfter: Date;
  /** The recipient's address, as it is now. */
  email: string;
  frequency: EmailFrequency;
  active: boolean;
  read: boolean;
  /** Its recipient may still read what it is about (see `stillReadable`). */
  readable: boolean;
  board: { kind: 'qa' | 'release_notes' | 'beta'; visibility: string } | null;
  actorName: string | null;
  /** Its extras per kind (a hidden post's reason…). */
  data: Record<string, string | number | null>;
};

/** The e-mail written for a due notification. */
export type ComposedEmail = { subject: string; textBody: string };

/** What becomes of a due notification's e-mail: written, or skipped and why. */
export type DueEmailOutcome = { mail: ComposedEmail } | { skipped: EmailSkipReason };

/** A notification whose e-mail was due and not written: what the admins' outbox lists. */
export type SkippedEmail = {
  notificationId: number;
  kind: NotificationKind;
  title: string;
  recipient: { id: number; displayName: string; email: string };
  reason: EmailSkipReason;
  skippedAt: Date;
};

/** A person who might be told something: enough to check their read rights and when to e-mail them. */
export type NotificationCandidate = {
  id: number;
  role: Role;
  emailNotifications: EmailFrequency;
  /** Takes part in the beta program whose feedback area is the board asked about. */
  isParticipant: boolean;
};

const actors = alias(users, 'actors');

/**
 * A notification stays in the list only while its recipient may still read what it points to:
 * for people other than staff, a topic or post hidden or deleted since, or a feedback area they
 * no longer take part in, takes it out of the list and the unread count.
 */
function stillReadable(staff: boolean) {
  if (staff) return undefined;
  return and(
    or(isNull(notifications.topicId), and(isNull(topics.deletedAt), isNull(topics.hiddenAt), sql`${topics.publishedAt} <= now()`)),
    // Its author still sees a hidden post (and is told it was hidden).
    or(isNull(notifications.postId), and(isNull(posts.deletedAt), or(isNull(posts.hiddenAt), eq(posts.authorId, notifications.userId)))),
    or(
      isNull(notifications.topicId),
      sql`${boards.visibility} <> 'participants'`,
      // Written out: drizzle leaves columns unqualified inside a subquery.
      sql`exists (select 1 from beta_applications ba inner join beta_programs bp on bp.topic_id = ba.program_id
        where bp.feedback_board_id = "boards"."id" and ba.user_id = "notifications"."user_id" and ba.status = 'accepted')`,
    ),
  );
}

/**
 * Notifications with their recipient, what they are about (topic, board, post) and who caused
 * them: what an e-mail and the daily digest say, and whether the recipient may still read them.
 */
function notificationsInContext(executor: Database | Transaction) {
  return executor
    .select({
      id: notifications.id,
      userId: notifications.userId,
      email: users.email,
      frequency: users.emailNotifications,
      active: sql<boolean>`${users.deactivatedAt} is null`,
      kind: notifications.kind,
      title: notifications.title,
      data: notifications.data,
      topicId: notifications.topicId,
      postId: notifications.postId,
      emailAfter: notifications.emailAfter,
      read: sql<boolean>`${notifications.readAt} is not null`,
      readable: sql<boolean>`coalesce(${users.role} <> 'customer' or (${stillReadable(false)}), false)`,
      boardKind: boards.kind,
      boardVisibility: boards.visibility,
      actorName: actors.displayName,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(topics, eq(topics.id, notifications.topicId))
    .leftJoin(boards, eq(boards.id, topics.boardId))
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(actors, eq(actors.id, notifications.actorId));
}

export function createNotificationsRepository(db: Database) {
  // Read for every new post: built once.
  const topicFactsById = db
    .select({ id: topics.id, title: topics.title, authorId: topics.authorId, board: boards })
    .from(topics)
    .innerJoin(boards, eq(boards.id, topics.boardId))
    .where(eq(topics.id, sql.placeholder('topicId')))
    .prepare('notifications_topic_facts');
  const watchesOf = db
    .select({ onTopic: sql<boolean>`true`.as('on_topic'), userId: topicWatches.userId, level: topicWatches.level })
    .from(topicWatches)
    .where(eq(topicWatches.topicId, sql.placeholder('topicId')))
    .unionAll(
      db
        .select({ onTopic: sql<boolean>`false`.as('on_topic'), userId: boardWatches.userId, level: boardWatches.level })
        .from(boardWatches)
        .where(eq(boardWatches.boardId, sql.placeholder('boardId'))),
    )
    .prepare('notifications_watches');
  // The same two, for a batch of new posts.
  const topicFactsByIds = db
    .select({ id: topics.id, title: topics.title, authorId: topics.authorId, board: boards })
    .from(topics)
    .innerJoin(boards, eq(boards.id, topics.boardId))
    .where(sql`${topics.id} = any(${sql.placeholder('topicIds')}::bigint[])`)
    .prepare('notifications_topic_facts_many');
  const watchesOfMany = db
    .select({ onTopic: sql<boolean>`true`.as('on_topic'), scopeId: topicWatches.topicId, userId: topicWatches.userId, level: topicWatches.level })
    .from(topicWatches)
    .where(sql`${topicWatches.topicId} = any(${sql.placeholder('topicIds')}::bigint[])`)
    .unionAll(
      db
        .select({ onTopic: sql<boolean>`false`.as('on_topic'), scopeId: boardWatches.boardId, userId: boardWatches.userId, level: boardWatches.level })
        .from(boardWatches)
        // The topics' boards, found here so that this read need not wait for the topics' facts.
        .where(sql`${boardWatches.boardId} in (select ${topics.boardId} from ${topics} where ${topics.id} = any(${sql.placeholder('topicIds')}::bigint[]))`),
    )
    .prepare('notifications_watches_many');
  const usersByHandle = db
    .select({ id: users.id, handle: users.handle })
    .from(users)
    .where(and(sql`${users.handle} = any(${sql.placeholder('handles')}::text[])`, isNull(users.deactivatedAt)))
    .prepare('notifications_users_by_handle');
  // Read for every batch of new posts: built once. Without a feedback area (`boardId` null) no one
  // takes part in one.
  const candidatesOf = db
    .select({
      id: users.id,
      role: users.role,
      emailNotifications: users.emailNotifications,
      isParticipant: sql<boolean>`exists (select 1 from beta_applications ba inner join beta_programs bp on bp.topic_id = ba.program_id
        where bp.feedback_board_id = ${sql.placeholder('boardId')}::bigint and ba.user_id = "users"."id" and ba.status = 'accepted')`,
    })
    .from(users)
    .where(and(sql`${users.id} = any(${sql.placeholder('userIds')}::bigint[])`, isNull(users.deactivatedAt)))
    .prepare('notifications_candidates');
  return {
    /** The topic's and the board's watch rows: the choices that bear on a new post in `topicId` on `boardId`. */
    async watchesFor(topicId: number, boardId: number) {
      const rows = await watchesOf.execute({ topicId, boardId });
      const pick = (onTopic: boolean) => rows.filter((row) => row.onTopic === onTopic).map(({ userId, level }) => ({ userId, level }));
      return { topicWatches: pick(true), boardWatches: pick(false) };
    },

    /** The watch rows of several topics and of their boards, in one query, keyed by topic and by board. */
    async watchesForMany(topicIds: number[]) {
      const byTopic = new Map<number, Watch[]>();
      const byBoard = new Map<number, Watch[]>();
      if (topicIds.length === 0) return { byTopic, byBoard };
      for (const { onTopic, scopeId, userId, level } of await watchesOfMany.execute({ topicIds })) {
        const map = onTopic ? byTopic : byBoard;
        const watches = map.get(scopeId) ?? [];
        watches.push({ userId, level });
        map.set(scopeId, watches);
      }
      return { byTopic, byBoard };
    },

    /** Active people by handle (mentions); unknown handles are left out. */
    async usersByHandles(handles: string[]): Promise<{ id: number; handle: string }[]> {
      if (handles.length === 0) return [];
      const rows = await usersByHandle.execute({ handles });
      return rows.map((row) => ({ id: row.id, handle: row.handle! }));
    },

    /** Active people among `userIds`, with whether they take part in the feedback area `boardId`. */
    candidates(userIds: number[], boardId: number | null): Promise<NotificationCandidate[]> {
      if (userIds.length === 0) return Promise.resolve([]);
      return candidatesOf.execute({ userIds, boardId });
    },

    /**
     * Writes notifications, however many, in one statement of fixed text (columns as arrays, so
     * it is prepared once and has no limit on parameters). One already written under the same
     * dedupe key is skipped, not repeated. `emailDelays[i]`, if set, is how many minutes after
     * `rows[i]` is written its e-mail is due: the delivery job writes the e-mail then, unless the
     * notification was read by then (see `queueDueEmails`).
     */
    async insert(rows: NewNotification[], emailDelays: (number | null)[] = []): Promise<InsertedNotification[]> {
      if (rows.length === 0) return [];
      const column = <T>(value: (row: NewNotification, index: number) => T) => sql.param(rows.map(value));
      // Notifications follow a change that has committed durably, so their commit does not wait
      // for the disk (see asyncCommitSetting); this runs outside any transaction.
      const result = await db.execute(sql`
        with async_commit as materialized (${asyncCommitSetting}),
        inserted as (
          insert into ${notifications} (user_id, kind, actor_id, topic_id, post_id, title, data, dedupe_key, email_after)
          select user_id, kind, actor_id, topic_id, post_id, title, data, dedupe_key, now() + email_delay * interval '1 minute'
          from unnest(
            ${column((row) => row.userId)}::bigint[], ${column((row) => row.kind)}::text[]::notification_kind[],
            ${column((row) => row.actorId)}::bigint[], ${column((row) => row.topicId)}::bigint[], ${column((row) => row.postId)}::bigint[],
            ${column((row) => row.title)}::text[], ${column((row) => JSON.stringify(row.data ?? {}))}::jsonb[], ${column((row) => row.dedupeKey ?? null)}::text[],
            ${column((_row, index) => emailDelays[index] ?? null)}::float8[]
          ) with ordinality as input(user_id, kind, actor_id, topic_id, post_id, title, data, dedupe_key, email_delay, position)
          order by position
          on conflict do nothing
          returning id, user_id, kind, actor_id, topic_id, post_id, title, created_at
        )
        select inserted.* from inserted cross join async_commit order by id`);
      const optionalId = (value: unknown) => (value === null ? null : Number(value));
      return rowsOf<Record<string, unknown>>(result).map((row) => ({
        id: Number(row.id),
        userId: Number(row.user_id),
        kind: row.kind as NotificationKind,
        actorId: optionalId(row.actor_id),
        topicId: optionalId(row.topic_id),
        postId: optionalId(row.post_id),
        title: row.title as string,
        // Text or a Date, depending on the driver.
        createdAt: new Date(row.created_at as string | Date),
      }));
    },

    /**
     * Takes up to `limit` notifications whose e-mail is due at `now` (oldest first, skipping any
     * another instance holds) and, in one transaction, queues the e-mail `decide` writes for each
     * and marks every one taken as done, recording why for those it skips. The e-mail's key is
     * `notification:<id>`, so it is queued once whatever happens. Returns how many were taken and
     * how many e-mails queued.
     */
    queueDueEmails({ now, limit, decide }: { now: Date; limit: number; decide: (due: DueEmail) => DueEmailOutcome }) {
      return db.transaction(async (tx) => {
        const rows = await notificationsInContext(tx)
          .where(lte(notifications.emailAfter, now))
          .orderBy(notifications.emailAfter, notifications.id)
          .limit(limit)
          .for('update', { of: notifications, skipLocked: true });
        if (rows.length === 0) return { taken: 0, queued: 0 };
        const decided = rows.map(({ boardKind, boardVisibility, ...row }) => {
          const due: DueEmail = { ...row, emailAfter: row.emailAfter!, board: boardKind === null ? null : { kind: boardKind, visibility: boardVisibility! } };
          return { due, outcome: decide(due) };
        });
        const mails = decided.flatMap(({ due, outcome }) => ('mail' in outcome ? [{ ...outcome.mail, due }] : []));
        const column = <T>(value: (mail: (typeof mails)[number]) => T) => sql.param(mails.map(value));
        const result = await tx.execute(sql`
          with done as (
            update ${notifications} set email_after = null, email_skipped = taken.skipped, email_skipped_at = case when taken.skipped is null then null else ${now.toISOString()}::timestamptz end
            from unnest(
              ${sql.param(decided.map(({ due }) => due.id))}::bigint[],
              ${sql.param(decided.map(({ outcome }) => ('skipped' in outcome ? outcome.skipped : null)))}::email_skip_reason[]
            ) as taken(id, skipped)
            where ${notifications.id} = taken.id
          )
          insert into ${mailOutbox} (user_id, to_address, subject, text_body, notification_id, dedupe_key, send_after)
          select user_id, to_address, subject, text_body, notification_id, 'notification:' || notification_id, send_after
          from unnest(
            ${column((mail) => mail.due.userId)}::bigint[], ${column((mail) => mail.due.email)}::text[], ${column((mail) => mail.subject)}::text[],
            ${column((mail) => mail.textBody)}::text[], ${column((mail) => mail.due.id)}::bigint[], ${column((mail) => mail.due.emailAfter.toISOString())}::timestamptz[]
          ) as mail(user_id, to_address, subject, text_body, notification_id, send_after)
          on conflict (dedupe_key) do nothing
          returning id`);
        return { taken: rows.length, queued: rowsOf(result).length };
      });
    },

    /**
     * One page of the notifications whose e-mail was skipped when due, newest first, keyset on id;
     * with `email`, only that recipient's (found through their own notifications' index).
     */
    async skippedEmails({ beforeId, limit, email }: { beforeId: number | null; limit: number; email: string | null }): Promise<SkippedEmail[]> {
      const rows = await db
        .select({
          notificationId: notifications.id,
          kind: notifications.kind,
          title: notifications.title,
          recipientId: users.id,
          displayName: users.displayName,
          email: users.email,
          reason: notifications.emailSkipped,
          skippedAt: notifications.emailSkippedAt,
        })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(
          and(
            isNotNull(notifications.emailSkipped),
            beforeId === null ? undefined : lt(notifications.id, beforeId),
            email === null ? undefined : eq(users.email, email),
          ),
        )
        .orderBy(newestFirst(notifications.id))
        .limit(limit);
      return rows.map(({ recipientId, displayName, email, reason, skippedAt, ...row }) => ({
        ...row,
        recipient: { id: recipientId, displayName, email },
        reason: reason!,
        skippedAt: skippedAt!,
      }));
    },

    /**
     * Unread notifications whose e-mail waits for its delay (not in the outbox yet), and when the
     * first is due: what the admins' outbox shows of them.
     */
    async waitingEmails(): Promise<{ count: number; nextDueAt: Date | null }> {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int`, nextDueAt: sql<Date | null>`min(${notifications.emailAfter})`.mapWith(notifications.emailAfter) })
        .from(notifications)
        .where(and(isNotNull(notifications.emailAfter), isNull(notifications.readAt)));
      return { count: row!.count, nextDueAt: row!.nextDueAt };
    },

    /** One page of someone's notifications, newest first, keyset on id. */
    list({ userId, staff, beforeId, limit, unreadOnly }: { userId: number; staff: boolean; beforeId: number | null; limit: number; unreadOnly: boolean }) {
      return db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          title: notifications.title,
          data: notifications.data,
          topicId: notifications.topicId,
          postId: notifications.postId,
          postNumber: posts.postNumber,
          boardSlug: boards.slug,
          boardKind: boards.kind,
          boardVisibility: boards.visibility,
          actorName: actors.displayName,
          readAt: notifications.readAt,
          createdAt: notifications.createdAt,
        })
        .from(notifications)
        .leftJoin(topics, eq(topics.id, notifications.topicId))
        .leftJoin(boards, eq(boards.id, topics.boardId))
        .leftJoin(posts, eq(posts.id, notifications.postId))
        .leftJoin(actors, eq(actors.id, notifications.actorId))
        .where(
          and(
            eq(notifications.userId, userId),
            beforeId === null ? undefined : lt(notifications.id, beforeId),
            unreadOnly ? isNull(notifications.readAt) : undefined,
            stillReadable(staff),
          ),
        )
        .orderBy(newestFirst(notifications.id))
        .limit(limit);
    },

    /**
     * Unread notifications since `since` of everyone who asked for a daily digest, still readable
     * by them, grouped by person (ordered by person, then id).
     */
    dailyDigestItems(since: Date) {
      const staffRecipient = sql`${users.role} <> 'customer'`;
      return notificationsInContext(db)
        .where(
          and(
            eq(users.emailNotifications, 'daily'),
            isNull(users.deactivatedAt),
            isNull(notifications.readAt),
            gte(notifications.createdAt, since),
            or(staffRecipient, stillReadable(false)),
          ),
        )
        .orderBy(notifications.userId, notifications.id);
    },

    async unreadCount(userId: number, staff: boolean): Promise<number> {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(notifications)
        .leftJoin(topics, eq(topics.id, notifications.topicId))
        .leftJoin(boards, eq(boards.id, topics.boardId))
        .leftJoin(posts, eq(posts.id, notifications.postId))
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), stillReadable(staff)));
      return row?.count ?? 0;
    },

    /** Marks some of the person's notifications read (others' ids are ignored); returns how many changed. */
    async markRead(userId: number, ids: number[] | 'all'): Promise<number> {
      const rows = await db
        .update(notifications)
        .set({ readAt: sql`now()` })
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids)))
        .returning({ id: notifications.id });
      return rows.length;
    },

    /** Marks read what someone has just seen: every notification of theirs about `topicId`. */
    async markTopicRead(userId: number, topicId: number): Promise<number> {
      const rows = await db
        .update(notifications)
        .set({ readAt: sql`now()` })
        .where(and(eq(notifications.userId, userId), eq(notifications.topicId, topicId), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      return rows.length;
    },

    async topicWatchLevel(userId: number, topicId: number): Promise<WatchLevel | null> {
      const [row] = await db
        .select({ level: topicWatches.level })
        .from(topicWatches)
        .where(and(eq(topicWatches.topicId, topicId), eq(topicWatches.userId, userId)));
      return row?.level ?? null;
    },

    async setTopicWatch(userId: number, topicId: number, level: WatchLevel | null): Promise<void> {
      if (level === null) {
        await db.delete(topicWatches).where(and(eq(topicWatches.topicId, topicId), eq(topicWatches.userId, userId)));
        return;
      }
      await db
        .insert(topicWatches)
        .values({ userId, topicId, level })
        .onConflictDoUpdate({ target: [topicWatches.topicId, topicWatches.userId], set: { level } });
    },

    async boardWatchLevel(userId: number, boardId: number): Promise<WatchLevel | null> {
      const [row] = await db
        .select({ level: boardWatches.level })
        .from(boardWatches)
        .where(and(eq(boardWatches.boardId, boardId), eq(boardWatches.userId, userId)));
      return row?.level ?? null;
    },

    async setBoardWatch(userId: number, boardId: number, level: WatchLevel | null): Promise<void> {
      if (level === null) {
        await db.delete(boardWatches).where(and(eq(boardWatches.boardId, boardId), eq(boardWatches.userId, userId)));
        return;
      }
      await db
        .insert(boardWatches)
        .values({ userId, boardId, level })
        .onConflictDoUpdate({ target: [boardWatches.boardId, boardWatches.userId], set: { level } });
    },

    async preferences(userId: number) {
      const [row] = await db.select({ emailNotifications: users.emailNotifications, handle: users.handle }).from(users).where(eq(users.id, userId));
      return row ?? null;
    },

    async setEmailFrequency(userId: number, emailNotifications: EmailFrequency): Promise<void> {
      await db.update(users).set({ emailNotifications }).where(eq(users.id, userId));
    },

    /** The topic facts a notification needs: title, board, and who asked. */
    async topicFacts(topicId: number) {
      const [row] = await topicFactsById.execute({ topicId });
      return row ?? null;
    },

    /** The same for several topics, in one query; topics that do not exist are left out. */
    topicFactsMany(topicIds: number[]) {
      if (topicIds.length === 0) return Promise.resolve([]);
      return topicFactsByIds.execute({ topicIds });
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
export type TopicFacts = NonNullable<Awaited<ReturnType<NotificationsRepository['topicFacts']>>>;
