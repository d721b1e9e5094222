import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Rate-limit counters shared by every app instance: one row per limited key (route and client),
 * counting requests until `resetAt`. Expired rows are reused in place and swept by a job. The table
 * is UNLOGGED (migration 0016, which drizzle cannot express): counters are lost if PostgreSQL crashes.
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text().primaryKey(),
  count: integer().notNull(),
  resetAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});
