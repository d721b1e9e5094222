import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Keys this installation makes for itself the first time it needs them: random, kept in the
 * database so every instance uses the same one and a restart keeps it.
 */
export const installSecrets = pgTable('install_secrets', {
  /** What the key is for, e.g. `live-cursors`. */
  purpose: text().primaryKey(),
  /** The key's bytes, base64url. */
  secret: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
