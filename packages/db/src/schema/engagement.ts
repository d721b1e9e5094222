import { sql } from 'drizzle-orm';
import { bigint, index, pgEnum, pgTable, primaryKey, text, timestamp, integer, uniqueIndex } from 'drizzle-orm/pg-core';
import { posts, topics } from './boards.ts';
import { users } from './users.ts';

/** One "me too" per person and question. */
export const topicVotes = pgTable(
  'topic_votes',
  {
    topicId: bigint({ mode: 'number' })
      .notNull()
      .references(() => topics.id),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.userId] }), index().on(t.userId)],
);

export const reactionKindEnum = pgEnum('reaction_kind', ['thumbs_up', 'tada', 'heart', 'confused']);

/** One reaction of each kind per person and topic (release notes and questions alike). */
export const topicReactions = pgTable(
  'topic_reactions',
  {
    topicId: bigint({ mode: 'number' })
      .notNull()
      .references(() => topics.id),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    kind: reactionKindEnum().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.userId, t.kind] })],
);

/** Exact reaction counts per topic and kind, updated in the same transaction as the reaction. */
export const topicReactionCounts = pgTable(
  'topic_reaction_counts',
  {
    topicId: bigint({ mode: 'number' })
      .notNull()
      .references(() => topics.id),
    kind: reactionKindEnum().notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.kind] })],
);

/** A signed-in person's report of a post, for the staff review list. */
export const postFlags = pgTable(
  'post_flags',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    postId: bigint({ mode: 'number' })
      .notNull()
      .references(() => posts.id),
    reporterId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true, precision: 3 }),
    resolverId: bigint({ mode: 'number' }).references(() => users.id),
    resolution: text(),
  },
  (t) => [
    uniqueIndex('post_flags_post_reporter_unique').on(t.postId, t.reporterId),
    index('post_flags_open_idx').on(t.createdAt).where(sql`${t.resolvedAt} is null`),
  ],
);
