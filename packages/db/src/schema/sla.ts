import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { boards, topics } from './boards.ts';
import { organizationTierEnum } from './enums.ts';
import { organizations } from './organizations.ts';
import { users } from './users.ts';

export const slaClockKindEnum = pgEnum('sla_clock_kind', ['first', 'next']);
/** `due_soon` is derived at read time and never stored; it is in the type so reads and writes share it. */
export const slaStateEnum = pgEnum('sla_state', ['within', 'due_soon', 'breached', 'met', 'paused']);

/**
 * The workspace's SLA settings: one row (id 1). Without a row the defaults of
 * `defaultSlaSettings` (packages/domain) apply. Lists are JSON, validated by the domain on write.
 */
export const slaSettings = pgTable(
  'sla_settings',
  {
    id: smallint().primaryKey().default(1),
    timeZone: text().notNull(),
    /** ISO weekdays, 1 = Monday. */
    workingWeekdays: jsonb().$type<number[]>().notNull(),
    workingHours: jsonb().$type<{ start: string; end: string }[]>().notNull(),
    /** Local dates, YYYY-MM-DD. */
    holidays: jsonb().$type<string[]>().notNull(),
    makeUpWorkingDays: jsonb().$type<string[]>().notNull(),
    checkInWindows: jsonb().$type<{ opens: string; closes: string }[]>().notNull(),
    alertLeadMinutes: integer().notNull(),
    firstResponseTargetMinutesByTier: jsonb().$type<Record<'head' | 'waist' | 'tail', number>>().notNull(),
    nextResponseTargetMinutesByTier: jsonb().$type<Record<'head' | 'waist' | 'tail', number>>().notNull(),
    lifecycleTargetFactor: doublePrecision().notNull(),
    tightenedLifecycleStages: jsonb().$type<string[]>().notNull(),
    renewalTighteningDays: integer().notNull(),
    updatedById: bigint({ mode: 'number' }).references(() => users.id),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [check('sla_settings_single_row', sql`${t.id} = 1`)],
);

/**
 * A question's current response clock (first response, or the next one after a follow-up), kept
 * by the post write path in the post's transaction. `state` stores within, paused, met or
 * breached (answered late); due soon and a running clock's breach are derived from `due_at`.
 */
export const topicSla = pgTable(
  'topic_sla',
  {
    topicId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => topics.id),
    kind: slaClockKindEnum().notNull(),
    state: slaStateEnum().notNull(),
    /** The asker's organization tier when the first clock started. */
    tier: organizationTierEnum().notNull(),
    startedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    dueAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    targetMinutes: integer().notNull(),
    /** The lifecycle factor applied to the target. */
    tightened: boolean().notNull(),
    pausedAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Business minutes left when paused. */
    remainingMinutes: doublePrecision(),
    urgentAt: timestamp({ withTimezone: true, precision: 3 }),
    metAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Staff who took the question ("I'm on it"); null: everyone covering its board. */
    assigneeId: bigint({ mode: 'number' }).references(() => users.id),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // The staff queue: running clocks, urgent first, then by deadline, then tier (enum order head, waist, tail).
    index('topic_sla_queue_idx')
      .on(sql`(${t.urgentAt} is null)`, t.dueAt, t.tier, t.topicId)
      .where(sql`${t.state} = 'within'`),
    // The queue's other view: clocks paused while waiting on the customer, in the same order.
    index('topic_sla_paused_idx')
      .on(sql`(${t.urgentAt} is null)`, t.dueAt, t.tier, t.topicId)
      .where(sql`${t.state} = 'paused'`),
    index('topic_sla_assignee_idx').on(t.assigneeId).where(sql`${t.assigneeId} is not null`),
  ],
);

export const slaStopReasonEnum = pgEnum('sla_stop_reason', ['staff_reply', 'accepted_answer', 'closed']);

/**
 * Each finished first-response clock, for the dashboard's metrics: written once, in the
 * transaction that stopped the clock (`applySlaEvent`), and never changed. `topic_sla` keeps only
 * the current clock, which a follow-up replaces with a next-response clock.
 */
export const slaFirstResponses = pgTable(
  'sla_first_responses',
  {
    topicId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => topics.id),
    /** The asker's organization when the clock stopped; null: no organization. */
    organizationId: bigint({ mode: 'number' }).references(() => organizations.id, { onDelete: 'set null' }),
    tier: organizationTierEnum().notNull(),
    /** When the question was asked: the week a response counts in. */
    startedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    dueAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    respondedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** Business minutes the response took, paused time left out. */
    businessMinutes: doublePrecision().notNull(),
    targetMinutes: integer().notNull(),
    met: boolean().notNull(),
    stoppedBy: slaStopReasonEnum().notNull(),
    /** The staff member whose reply (or closing) stopped the clock; null for a community answer the asker accepted. */
    responderId: bigint({ mode: 'number' }).references(() => users.id),
  },
  (t) => [
    // Metrics read a period of asked questions; the organization report one account's.
    index('sla_first_responses_started_idx').on(t.startedAt),
    index('sla_first_responses_organization_idx').on(t.organizationId, t.startedAt),
  ],
);

/** A staff member's coverage: their backup while they are off. Boards and days off sit in the tables below. */
export const staffCoverage = pgTable('staff_coverage', {
  userId: bigint({ mode: 'number' })
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  backupUserId: bigint({ mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Boards a staff member covers: their questions go into that person's check-in digest. */
export const staffCoverageBoards = pgTable(
  'staff_coverage_boards',
  {
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    boardId: bigint({ mode: 'number' })
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.boardId] }), index().on(t.boardId)],
);

/** Local dates (workspace time zone) a staff member is off: no digest, their items go to the backup. */
export const staffDaysOff = pgTable(
  'staff_days_off',
  {
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), index().on(t.day)],
);
