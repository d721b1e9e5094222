import type { Database } from '@townhall/db';
import { createRateLimitsRepository } from './rate-limits.repository.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that counts in the database, so a limit holds across every app
 * instance behind a load balancer (the built-in store counts per process). Each route gets its
 * own keys. If the database fails, the error reaches the error handler (503).
 */
export function databaseRateLimitStore(db: Database) {
  const counters = createRateLimitsRepository(db);
  class DatabaseRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'global',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number) {
      counters.hit(`${this.prefix}:${key}`, timeWindow).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
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
