import { bigint, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { emailFrequencyEnum, roleEnum } from './enums.ts';
import { organizations } from './organizations.ts';

export const users = pgTable(
  'users',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Stored normalized (trimmed, lower case); unique. */
    email: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    role: roleEnum().notNull().default('customer'),
    organizationId: bigint({ mode: 'number' }).references(() => organizations.id, { onDelete: 'set null' }),
    /** What people type after `@` to mention them; unique, lower case. */
    handle: text(),
    emailNotifications: emailFrequencyEnum().notNull().default('immediately'),
    deactivatedAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * When the person proved they read this address (a link mailed to it). Self sign-ups start
     * without it, and join the organization of their e-mail domain only once they have it;
     * accounts made by the server (invitations, admins, the demo, those from before) default to
     * their creation.
     */
    emailVerifiedAt: timestamp({ withTimezone: true, precision: 3 }).defaultNow(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    uniqueIndex('users_handle_unique').on(t.handle).where(sql`${t.handle} is not null`),
    index().on(t.organizationId),
    // Mention autocomplete (`@ana…`): handles by prefix (LIKE 'ana%' needs the pattern operator
    // class unless the database collation is C), and every word of the display name by prefix
    // (a text-search prefix query, 'ana':*). Only people who can still be mentioned. Without
    // fastupdate, new people go straight into the GIN tree instead of a pending list that every
    // look-up would scan until the next vacuum; people are added rarely, looked up often.
    index('users_handle_prefix_idx')
      .using('btree', t.handle.op('text_pattern_ops'))
      .where(sql`${t.deactivatedAt} is null`),
    index('users_display_name_words_idx')
      .using('gin', sql`to_tsvector('simple', ${t.displayName})`)
      .with({ fastupdate: false })
      .where(sql`${t.deactivatedAt} is null`),
  ],
);

/** Sessions as in Lucia's guide: the id is the SHA-256 of the cookie token, never the token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId), index().on(t.expiresAt)],
);

/**
 * A table of links mailed to people (e-mail confirmation, password reset): the id is the SHA-256
 * of the link's token (as for sessions), the link works once and until `expiresAt`, and a person
 * has at most one at a time: asking again replaces it.
 */
function mailedLinks<Name extends string>(name: Name) {
  return pgTable(
    name,
    {
      id: text().primaryKey(),
      userId: bigint({ mode: 'number' })
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
      createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    },
    (t) => [uniqueIndex(`${name}_user_unique`).on(t.userId)],
  );
}

/** E-mail confirmation links, good for a week. */
export const emailVerifications = mailedLinks('email_verifications');

/** Password reset links, good for an hour. */
export const passwordResets = mailedLinks('password_resets');
