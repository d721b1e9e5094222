import { and, desc, eq, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import { mailOutbox, notifications, rowsOf, type Database } from '@townhall/db';

export type NewMail = {
  userId: number | null;
  toAddress: string;
  subject: string;
  textBody: string;
  notificationId?: number | null;
  /** One mail per key, ever: a retried job cannot send twice. */
  dedupeKey: string;
  sendAfter: Date;
};

export type MailStatus = (typeof mailOutbox.$inferSelect)['status'];

export function createMailRepository(db: Database) {
  return {
    /**
     * Queues mails; a key already queued is skipped. Returns the ids of the mails queued now. One
     * statement of fixed text (columns as arrays): prepared once, and no limit on parameters.
     */
    async enqueue(mails: NewMail[]): Promise<number[]> {
      if (mails.length === 0) return [];
      const column = <T>(value: (mail: NewMail) => T) => sql.param(mails.map(value));
      const result = await db.execute(sql`
        insert into ${mailOutbox} (user_id, to_address, subject, text_body, notification_id, dedupe_key, send_after)
        select * from unnest(
          ${column((mail) => mail.userId)}::bigint[], ${column((mail) => mail.toAddress)}::text[], ${column((mail) => mail.subject)}::text[],
          ${column((mail) => mail.textBody)}::text[], ${column((mail) => mail.notificationId ?? null)}::bigint[], ${column((mail) => mail.dedupeKey)}::text[],
          ${column((mail) => mail.sendAfter.toISOString())}::timestamptz[])
        on conflict (dedupe_key) do nothing
        returning id`);
      return rowsOf<{ id: number | string }>(result).map((row) => Number(row.id));
    },

    /**
     * Claims up to `limit` mails that are due, so that two instances never take the same one; a
     * mail claimed by an instance that died more than `staleBefore` ago is claimed again.
     */
    async claimDue({ now, staleBefore, limit }: { now: Date; staleBefore: Date; limit: number }) {
      const due = db
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(
          or(
            and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.sendAfter, now)),
            and(eq(mailOutbox.status, 'sending'), lt(mailOutbox.claimedAt, staleBefore)),
          ),
        )
        .orderBy(mailOutbox.sendAfter, mailOutbox.id)
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(mailOutbox)
        .set({ status: 'sending', claimedAt: now, attempts: sql`${mailOutbox.attempts} + 1` })
        .where(inArray(mailOutbox.id, due))
        .returning();
    },

    /** Of `notificationIds`, those already read. */
    async readNotificationIds(notificationIds: number[]): Promise<Set<number>> {
      if (notificationIds.length === 0) return new Set();
      const rows = await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(inArray(notifications.id, notificationIds), isNotNull(notifications.readAt)));
      return new Set(rows.map((row) => row.id));
    },

    async finish(id: number, outcome: { status: 'sent' | 'stored' | 'dropped'; at: Date }) {
      await db
        .update(mailOutbox)
        .set({ status: outcome.status, sentAt: outcome.status === 'dropped' ? null : outcome.at, lastError: null })
        .where(eq(mailOutbox.id, id));
    },

    /** Records a failed attempt: tried again at `retryAt`, or failed for good when it is null. */
    async fail(id: number, error: string, retryAt: Date | null) {
      await db
        .update(mailOutbox)
        .set(retryAt ? { status: 'pending', sendAfter: retryAt, lastError: error } : { status: 'failed', lastError: error })
        .where(eq(mailOutbox.id, id));
    },

    /** The outbox for admins, newest first, keyset on id. */
    list({ beforeId, limit, status }: { beforeId: number | null; limit: number; status: MailStatus | null }) {
      return db
        .select()
        .from(mailOutbox)
        .where(and(beforeId === null ? undefined : lt(mailOutbox.id, beforeId), status === null ? undefined : eq(mailOutbox.status, status)))
        .orderBy(desc(mailOutbox.id))
        .limit(limit);
    },

    async find(id: number) {
      const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
      return row ?? null;
    },
  };
}

export type MailRepository = ReturnType<typeof createMailRepository>;
