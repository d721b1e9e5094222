import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every live event, numbered, so a client that reconnects asks for what it missed since its last
 * id. NOTIFY carries only the id; the payload is read from here and checked against the reader's
 * permissions before it is sent.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** What the event is about, e.g. `topic:12`, `board:3`, `user:7` (notifications). */
    channel: text().notNull(),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.channel, t.id), index().on(t.createdAt)],
);
