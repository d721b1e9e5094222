import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { demandStatuses, demandVerdicts, valueKinds } from '@townhall/domain';
import { topics } from './boards.ts';
import { users } from './users.ts';

export const demandStatusEnum = pgEnum('demand_status', demandStatuses);
export const demandVerdictEnum = pgEnum('demand_verdict', demandVerdicts);
export const valueKindEnum = pgEnum('value_kind', valueKinds);

/**
 * A demand: what customers asked for, made by staff from one question, from several duplicates
 * (merged; the questions stay, linked in `demand_sources`) or directly. Askers and their tiers are
 * not stored here: they are read from the source questions' authors and "me too" votes.
 */
export const demands = pgTable(
  'demands',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    title: text().notNull(),
    description: text().notNull().default(''),
    status: demandStatusEnum().notNull().default('new'),
    /** Shown to the askers on the source questions while the demand is declined. */
    declineReason: text(),
    /** User value relevance, 0–10; null until a PM scores it (both scores together). */
    userValue: integer(),
    /** Business value relevance, 0–10. */
    businessValue: integer(),
    valueKinds: valueKindEnum().array().notNull().default(sql`'{}'::value_kind[]`),
    /** A PM's verdict other than the quadrant's, always with a written reason. */
    verdictOverride: demandVerdictEnum(),
    overrideReason: text(),
    scoredById: bigint({ mode: 'number' }).references(() => users.id),
    scoredAt: timestamp({ withTimezone: true, precision: 3 }),
    /** The release note (its topic) that shipped it. */
    shippedNoteId: bigint({ mode: 'number' }).references(() => topics.id),
    shippedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdById: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('demands_status_idx').on(t.status, t.id.desc()),
    check('demands_user_value_range', sql`${t.userValue} between 0 and 10`),
    check('demands_business_value_range', sql`${t.businessValue} between 0 and 10`),
    check('demands_scored_together', sql`(${t.userValue} is null) = (${t.businessValue} is null)`),
    check('demands_override_reason', sql`${t.verdictOverride} is null or ${t.overrideReason} is not null`),
    check('demands_decline_reason', sql`${t.status} <> 'declined' or ${t.declineReason} is not null`),
  ],
);

/** The questions a demand was made from; a question belongs to at most one demand. */
export const demandSources = pgTable(
  'demand_sources',
  {
    topicId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => topics.id),
    demandId: bigint({ mode: 'number' })
      .notNull()
      .references(() => demands.id),
    addedById: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.demandId)],
);

/** The demands a release note ships; publishing the note ships them. */
export const releaseNoteDemands = pgTable(
  'release_note_demands',
  {
    noteId: bigint({ mode: 'number' })
      .notNull()
      .references(() => topics.id),
    demandId: bigint({ mode: 'number' })
      .notNull()
      .references(() => demands.id),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.demandId] }), index().on(t.demandId)],
);

