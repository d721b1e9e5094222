import type { Database } from '@townhall/db';
import { createCoalescingBatcher } from '../../plugins/coalescing-batcher.ts';
import { createRateLimitsRepository, type HitCount } from './rate-limits.repository.ts';
import type { Hit } from './batched-hits.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;
type PendingHit = Hit & { counted?: HitCount };

/**
 * A store for @fastify/rate-limit that counts in the database, so a limit holds across every app
 * instance behind a load balancer (the built-in store counts per process). Each route gets its
 * own keys. Requests that arrive together are counted in one statement: one person's concurrent
 * posts would otherwise queue on their counter's row lock, one commit after another. If the
 * database fails, the error reaches the error handler (503).
 */
export function databaseRateLimitStore(db: Database) {
  const counters = createRateLimitsRepository(db);
  const batcher = createCoalescingBatcher<PendingHit>({
    maxBatchSize: 500,
    run: async (hits) => {
      const counts = await counters.hitMany(hits);
      hits.forEach((hit, index) => (hit.counted = counts[index]));
    },
  });
  class DatabaseRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'global',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number) {
      const hit: PendingHit = { key: `${this.prefix}:${key}`, windowMs: timeWindow };
      batcher.add(hit).then(
        () => callback(null, { current: hit.counted!.count, ttl: hit.counted!.ttlMs }),
        (error: Error) => callback(error),
      );
    }

    /** Each route counts on its own, as with the built-in store. */
    child(params: { groupId?: string; routeInfo?: { method?: string | string[]; url?: string } }) {
      const route = params.routeInfo ?? {};
      const method = Array.isArray(route.method) ? route.method.join(',') : (route.method ?? '');
      return new DatabaseRateLimitStore(undefined, params.groupId ?? `${method} ${route.url ?? ''}`);
    }
  }
  return DatabaseRateLimitStore;
}
