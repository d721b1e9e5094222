import { and, asc, gt, inArray, eq, sql } from 'drizzle-orm';
import { asyncCommitSetting, installSecrets, liveEvents, rowsOf, type Database } from '@townhall/db';

/** The one channel every instance listens on. */
export const liveNotifyChannel = 'townhall_live';
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
const maxNoticeBytes = 7900;

/**
 * Reads a notification on the live channel: the whole event, or (for a large one) only its id,
 * which the listener then reads from the table, or `access:<user id>` when a person's sessions or
 * role changed (sent by database triggers, migration 0019). Anything else is ignored.
 */
export function parseLiveNotice(payload: string): { event: LiveEventRow } | { id: number } | { accessOf: number } | null {
  if (/^\d+$/.test(payload)) {
    const id = Number(payload);
    return Number.isSafeInteger(id) ? { id } : null;
  }
  const access = /^access:(\d+)$/.exec(payload);
  if (access) {
    const userId = Number(access[1]);
    return Number.isSafeInteger(userId) ? { accessOf: userId } : null;
  }
  try {
    const notice = JSON.parse(payload) as { id: number; channel: string; kind: string; payload: LiveEventPayload; createdAt: string };
    if (!Number.isSafeInteger(notice.id) || typeof notice.channel !== 'string' || typeof notice.kind !== 'string') return null;
    return { event: { id: notice.id, channel: notice.channel, kind: notice.kind, payload: notice.payload, createdAt: new Date(notice.createdAt) } };
  } catch {
    return null;
  }
}

export type LiveEventPayload = Record<string, number | string | null>;
export type NewLiveEvent = { channel: string; kind: string; payload: LiveEventPayload };
export type LiveEventRow = typeof liveEvents.$inferSelect;

export function createLiveRepository(db: Database) {
  return {
    /**
     * Records events and notifies every instance in one statement: each NOTIFY is delivered when
     * the rows are committed, never before. The notification carries the whole event as JSON, so
     * listeners need not read it back; an event too large for a NOTIFY (8,000 bytes) carries only
     * its id. Every event gets a notification of its own, so the limit holds however many events
     * are written at once. Ids follow the order of `events`, and so do the notifications; the
     * columns go as arrays, so the statement's text is the same for any number of events.
     */
    async insertAndNotify(events: NewLiveEvent[]): Promise<number[]> {
      if (events.length === 0) return [];
      const column = (value: (event: NewLiveEvent) => string) => sql.param(events.map(value));
      // The change an event tells of has committed durably already, and a reply waits for this
      // statement: it does not wait for the disk as well (see asyncCommitSetting).
      const result = await db.execute(sql`
        with async_commit as materialized (${asyncCommitSetting}),
        inserted as (
          insert into ${liveEvents} (channel, kind, payload)
          select channel, kind, payload
          from unnest(${column((event) => event.channel)}::text[], ${column((event) => event.kind)}::text[], ${column((event) => JSON.stringify(event.payload))}::jsonb[])
            with ordinality as event(channel, kind, payload, position)
          order by position
          returning id, channel, kind, payload, created_at
        ), notices as (
          select id, json_build_object('id', id, 'channel', channel, 'kind', kind, 'payload', payload, 'createdAt', created_at)::text as notice
          from inserted
        )
        select id, pg_notify(${liveNotifyChannel}, case when octet_length(notice) < ${maxNoticeBytes} then notice else id::text end)
        from notices cross join async_commit order by id`);
      return rowsOf<{ id: number | string }>(result).map((row) => Number(row.id));
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

    /**
     * The key of the cursors clients see for event ids (live-cursor.ts): the stored one, or
     * `candidate` when none is stored yet. Instances starting together may each offer theirs; the
     * first stored is the one they all use.
     */
    async cursorKey(candidate: string): Promise<string> {
      await db.insert(installSecrets).values({ purpose: 'live-cursors', secret: candidate }).onConflictDoNothing();
      const [row] = await db.select({ secret: installSecrets.secret }).from(installSecrets).where(eq(installSecrets.purpose, 'live-cursors'));
      return row!.secret;
    },

    async lastEventId(): Promise<number> {
      const [row] = await db.select({ id: sql<number | string | null>`max(${liveEvents.id})` }).from(liveEvents);
      return Number(row?.id ?? 0);
    },
  };
}

export type LiveRepository = ReturnType<typeof createLiveRepository>;
