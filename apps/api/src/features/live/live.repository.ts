import { and, asc, gt, inArray, eq, sql } from 'drizzle-orm';
import { liveEvents, type Database } from '@townhall/db';

/** The one channel every instance listens on; a notification carries only an event id. */
export const liveNotifyChannel = 'townhall_live';

export type LiveEventPayload = Record<string, number | string | null>;
export type NewLiveEvent = { channel: string; kind: string; payload: LiveEventPayload };
export type LiveEventRow = typeof liveEvents.$inferSelect;

export function createLiveRepository(db: Database) {
  return {
    /**
     * Records an event and notifies every instance in one statement: the NOTIFY is delivered when
     * the row is committed, never before.
     */
    async insertAndNotify(event: NewLiveEvent): Promise<number> {
      const result = await db.execute<{ id: number | string }>(sql`
        with inserted as (
          insert into ${liveEvents} (channel, kind, payload)
          values (${event.channel}, ${event.kind}, ${JSON.stringify(event.payload)}::jsonb)
          returning id
        )
        select id, pg_notify(${liveNotifyChannel}, id::text) from inserted`);
      const rows = (Array.isArray(result) ? result : (result as { rows: { id: number | string }[] }).rows) as { id: number | string }[];
      return Number(rows[0]!.id);
    },

    async findEvent(id: number): Promise<LiveEventRow | null> {
      const [row] = await db.select().from(liveEvents).where(eq(liveEvents.id, id));
      return row ?? null;
    },

    /** Events on `channels` after `sinceId`, oldest first, at most `limit` (index on channel, id). */
    listEventsSince({ channels, sinceId, limit }: { channels: string[]; sinceId: number; limit: number }) {
      if (channels.length === 0) return Promise.resolve([] as LiveEventRow[]);
      return db
        .select()
        .from(liveEvents)
        .where(and(inArray(liveEvents.channel, channels), gt(liveEvents.id, sinceId)))
        .orderBy(asc(liveEvents.id))
        .limit(limit);
    },

    /** Every event after `sinceId` on any channel, for an instance whose listener reconnected. */
    listAllEventsSince({ sinceId, limit }: { sinceId: number; limit: number }) {
      return db.select().from(liveEvents).where(gt(liveEvents.id, sinceId)).orderBy(asc(liveEvents.id)).limit(limit);
    },

    async lastEventId(): Promise<number> {
      const [row] = await db.select({ id: sql<number | string | null>`max(${liveEvents.id})` }).from(liveEvents);
      return Number(row?.id ?? 0);
    },
  };
}

export type LiveRepository = ReturnType<typeof createLiveRepository>;
