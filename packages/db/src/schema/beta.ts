import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { boards, topics } from './boards.ts';
import { lifecycleStageEnum, organizationTierEnum } from './enums.ts';
import { organizations } from './organizations.ts';
import { users } from './users.ts';

export const betaProgramStatusEnum = pgEnum('beta_program_status', ['draft', 'recruiting', 'running', 'closed']);
export const betaApplicationStatusEnum = pgEnum('beta_application_status', [
  'pending',
  'accepted',
  'waitlisted',
  'declined',
  'withdrawn',
  'removed',
]);

/**
 * A beta program: a topic on a beta board plus its recruiting rules. Seat counters are kept
 * exact by the decision path, under this row's lock.
 */
export const betaPrograms = pgTable(
  'beta_programs',
  {
    topicId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => topics.id),
    introductionMarkdown: text().notNull(),
    introductionHtml: text().notNull(),
    precautionsMarkdown: text().notNull(),
    precautionsHtml: text().notNull(),
    rendererVersion: integer().notNull(),
    /** Empty means no restriction on that axis. */
    eligibleTiers: organizationTierEnum().array().notNull().default(sql`'{}'`),
    eligibleStages: lifecycleStageEnum().array().notNull().default(sql`'{}'`),
    eligibleOrganizationIds: bigint({ mode: 'number' }).array().notNull().default(sql`'{}'`),
    seatCapacity: integer().notNull(),
    /** Seats reserved per tier, e.g. { head: 5, waist: 3, tail: 2 }; null means no quotas. */
    tierQuotas: jsonb().$type<Partial<Record<'head' | 'waist' | 'tail', number>>>(),
    perOrganizationCap: integer(),
    applicationDeadline: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** The application form: questions with id, kind, label, required, options. */
    form: jsonb().$type<unknown[]>().notNull().default([]),
    status: betaProgramStatusEnum().notNull().default('draft'),
    autoAccept: boolean().notNull().default(false),
    seatsTaken: integer().notNull().default(0),
    /** The private feedback area: a board only accepted participants and staff can read. */
    feedbackBoardId: bigint({ mode: 'number' }).references(() => boards.id),
  },
  (t) => [
    check('beta_programs_seats_within_capacity', sql`${t.seatsTaken} between 0 and ${t.seatCapacity}`),
    index().on(t.status),
  ],
);

export const betaApplications = pgTable(
  'beta_applications',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    programId: bigint({ mode: 'number' })
      .notNull()
      .references(() => betaPrograms.topicId),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    /** The applicant's organization and tier when they applied: quotas count these. */
    organizationId: bigint({ mode: 'number' }).references(() => organizations.id),
    tier: organizationTierEnum(),
    answers: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: betaApplicationStatusEnum().notNull().default('pending'),
    decisionMessage: text(),
    decidedById: bigint({ mode: 'number' }).references(() => users.id),
    decidedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('beta_applications_program_user_unique').on(t.programId, t.userId),
    // The waitlist and the decision lists: by program and status, first come first served.
    index('beta_applications_program_status_idx').on(t.programId, t.status, t.createdAt, t.id),
    index().on(t.userId),
  ],
);
