import { lt, sql } from 'drizzle-orm';
import { rateLimitCounters, rowsOf, type Database } from '@townhall/db';
import { countsInOrder, groupHits, type Hit } from './batched-hits.ts';

export type HitCount = { count: number; ttlMs: number };

export function createRateLimitsRepository(db: Database) {
  return {
    /**
     * Counts requests, each for its key in a window of its length, atomically across instances
     * and in one statement: a window that has run out starts again. Returns, for each hit in
     * order, its count as if counted alone one after another, and the milliseconds left.
     */
    async hitMany(hits: Hit[]): Promise<HitCount[]> {
      if (hits.length === 0) return [];
      const groups = groupHits(hits);
      const rows = rowsOf<{ key: string; count: number; ttl_ms: string | number }>(
        await db.execute(sql`
          insert into ${rateLimitCounters} (key, count, reset_at)
          select key, hits, now() + window_ms * interval '1 millisecond'
          from unnest(${sql.param(groups.map((group) => group.key))}::text[], ${sql.param(groups.map((group) => group.hits))}::int[],
            ${sql.param(groups.map((group) => group.windowMs))}::float8[]) as hit(key, hits, window_ms)
          order by key
          on conflict (key) do update set
            count = case when ${rateLimitCounters.resetAt} <= now() then excluded.count else ${rateLimitCounters.count} + excluded.count end,
            reset_at = case when ${rateLimitCounters.resetAt} <= now() then excluded.reset_at else ${rateLimitCounters.resetAt} end
          returning key, count, ceil(extract(epoch from (reset_at - now())) * 1000) as ttl_ms`),
      );
      const byKey = new Map(rows.map((row) => [row.key, row]));
      const totals = new Map(groups.filter((group) => byKey.has(group.key)).map((group) => [group.key, { total: Number(byKey.get(group.key)!.count), hits: group.hits }]));
      const counts = countsInOrder(hits, totals);
      return hits.map((hit, index) => ({ count: counts[index]!, ttlMs: Math.max(0, Number(byKey.get(hit.key)!.ttl_ms)) }));
    },

    /** Deletes counters whose window ended before `before`. */
    async sweep(before: Date): Promise<number> {
      const rows = await db.delete(rateLimitCounters).where(lt(rateLimitCounters.resetAt, before)).returning({ key: rateLimitCounters.key });
      return rows.length;
    },
  };
}
