import { and, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { staffWebhooks, webhookDeliveries, type Database } from '@townhall/db';
import type { ChatWebhookFormat } from '@townhall/domain';

export type NewWebhookDelivery = {
  userId: number | null;
  format: ChatWebhookFormat;
  url: string;
  secret: string | null;
  message: Record<string, unknown>;
  dedupeKey: string;
  sendAfter: Date;
};

export type WebhookDeliveryStatus = (typeof webhookDeliveries.$inferSelect)['status'];

export function createWebhooksRepository(db: Database) {
  return {
    async staffWebhook(userId: number) {
      const [row] = await db.select().from(staffWebhooks).where(eq(staffWebhooks.userId, userId));
      return row ?? null;
    },

    /** The webhooks of these staff members, for a job that writes to many of them. */
    staffWebhooks(userIds: number[]) {
      if (userIds.length === 0) return Promise.resolve([]);
      return db.select().from(staffWebhooks).where(inArray(staffWebhooks.userId, userIds));
    },

    async setStaffWebhook(userId: number, webhook: { format: ChatWebhookFormat; url: string; secret: string | null }) {
      await db
        .insert(staffWebhooks)
        .values({ userId, ...webhook })
        .onConflictDoUpdate({ target: staffWebhooks.userId, set: { ...webhook, updatedAt: sql`now()` } });
    },

    async removeStaffWebhook(userId: number) {
      await db.delete(staffWebhooks).where(eq(staffWebhooks.userId, userId));
    },

    /** Queues deliveries; a key already queued is skipped. Returns the ids queued now. */
    async enqueue(deliveries: NewWebhookDelivery[]): Promise<number[]> {
      if (deliveries.length === 0) return [];
      const rows = await db
        .insert(webhookDeliveries)
        .values(deliveries)
        .onConflictDoNothing({ target: webhookDeliveries.dedupeKey })
        .returning({ id: webhookDeliveries.id });
      return rows.map((row) => row.id);
    },

    /** Claims due deliveries for this instance only (see the mail outbox, which works the same way). */
    async claimDue({ now, staleBefore, limit }: { now: Date; staleBefore: Date; limit: number }) {
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(
          or(
            and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.sendAfter, now)),
            and(eq(webhookDeliveries.status, 'sending'), lt(webhookDeliveries.claimedAt, staleBefore)),
          ),
        )
        .orderBy(webhookDeliveries.sendAfter, webhookDeliveries.id)
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(webhookDeliveries)
        .set({ status: 'sending', claimedAt: now, attempts: sql`${webhookDeliveries.attempts} + 1` })
        .where(inArray(webhookDeliveries.id, due))
        .returning();
    },

    async markSent(id: number, at: Date, responseStatus: number) {
      await db.update(webhookDeliveries).set({ status: 'sent', sentAt: at, responseStatus, lastError: null }).where(eq(webhookDeliveries.id, id));
    },

    async fail(id: number, error: string, responseStatus: number | null, retryAt: Date | null) {
      await db
        .update(webhookDeliveries)
        .set(retryAt ? { status: 'pending', sendAfter: retryAt, lastError: error, responseStatus } : { status: 'failed', lastError: error, responseStatus })
        .where(eq(webhookDeliveries.id, id));
    },

    list({ beforeId, limit, status }: { beforeId: number | null; limit: number; status: WebhookDeliveryStatus | null }) {
      return db
        .select()
        .from(webhookDeliveries)
        .where(and(beforeId === null ? undefined : lt(webhookDeliveries.id, beforeId), status === null ? undefined : eq(webhookDeliveries.status, status)))
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit);
    },
  };
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
