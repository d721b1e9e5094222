import { lt, sql } from 'drizzle-orm';
import { rateLimitCounters, type Database } from '@townhall/db';

export function createRateLimitsRepository(db: Database) {
  return {
    /**
     * Counts one request for `key` in a window of `windowMs`, atomically across instances: a
     * window that has run out starts again at 1. Returns the count and the milliseconds left.
     */
    async hit(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
      const result = await db.execute<{ count: number; ttl_ms: string | number }>(sql`
        insert into ${rateLimitCounters} (key, count, reset_at)
        values (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
        on conflict (key) do update set
          count = case when ${rateLimitCounters.resetAt} <= now() then 1 else ${rateLimitCounters.count} + 1 end,
          reset_at = case when ${rateLimitCounters.resetAt} <= now() then now() + ${windowMs} * interval '1 millisecond' else ${rateLimitCounters.resetAt} end
        returning count, ceil(extract(epoch from (reset_at - now())) * 1000) as ttl_ms`);
      const rows = (Array.isArray(result) ? result : (result as { rows: { count: number; ttl_ms: string | number }[] }).rows) as { count: number; ttl_ms: string | number }[];
      return { count: Number(rows[0]!.count), ttlMs: Math.max(0, Number(rows[0]!.ttl_ms)) };
    },

    /** Deletes counters whose window ended before `before`. */
    async sweep(before: Date): Promise<number> {
      const rows = await db.delete(rateLimitCounters).where(lt(rateLimitCounters.resetAt, before)).returning({ key: rateLimitCounters.key });
      return rows.length;
    },
  };
}
