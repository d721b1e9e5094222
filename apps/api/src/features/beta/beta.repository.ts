import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { auditLog, betaApplications, betaPrograms, boards, organizations, topics, users, type Database, type Transaction } from '@townhall/db';
import {
  checkDecision,
  decideSeat,
  countWithSeat,
  pickWaitlistPromotions,
  type BetaAnswers,
  type AuditAction,
  type BetaApplicationStatus,
  type BetaDecision,
  type BetaProgramStatus,
  type BetaQuestion,
  type OrganizationTier,
  type SeatCounts,
  type SeatRules,
} from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../unique-violation.ts';
import { indexTopics } from '../search/search-index.repository.ts';


/** Staff see drafts; everyone else sees programs once they recruit. */
export type BetaAudience = { staff: boolean };

export type RenderedMarkdown = { markdown: string; html: string };

export type ProgramSettings = {
  title: string;
  introduction: RenderedMarkdown;
  precautions: RenderedMarkdown;
  eligibleTiers: OrganizationTier[];
  eligibleStages: (typeof betaPrograms.$inferInsert)['eligibleStages'];
  eligibleOrganizationIds: number[];
  seatCapacity: number;
  tierQuotas: SeatRules['tierQuotas'];
  perOrganizationCap: number | null;
  applicationDeadline: Date;
  form: BetaQuestion[];
  autoAccept: boolean;
  rendererVersion: number;
};

export type DecisionOutcome =
  | { applicationId: number; ok: true; status: BetaApplicationStatus }
  | { applicationId: number; ok: false; status: BetaApplicationStatus; code: 'SEATS_FULL' | 'TIER_QUOTA_FULL' | 'ORGANIZATION_CAP_REACHED' | 'APPLICATION_ALREADY_DECIDED' | 'NOT_FOUND'; message: string };

const seatRefusalMessages = {
  SEATS_FULL: 'Every seat is taken',
  TIER_QUOTA_FULL: "The seats for this applicant's tier are taken",
  ORGANIZATION_CAP_REACHED: "This applicant's organization has all the seats it may have",
} as const;

const decisionStatus = {
  accept: 'accepted',
  waitlist: 'waitlisted',
  decline: 'declined',
  remove: 'removed',
} as const satisfies Record<BetaDecision, BetaApplicationStatus>;

const programColumns = {
  id: betaPrograms.topicId,
  title: topics.title,
  status: betaPrograms.status,
  seatCapacity: betaPrograms.seatCapacity,
  seatsTaken: betaPrograms.seatsTaken,
  applicationDeadline: betaPrograms.applicationDeadline,
  autoAccept: betaPrograms.autoAccept,
};

const liveTopic = and(isNull(topics.deletedAt), isNull(topics.hiddenAt));

function visibleTo(audience: BetaAudience) {
  return audience.staff ? isNull(topics.deletedAt) : and(liveTopic, ne(betaPrograms.status, 'draft'));
}

/** Counts the accepted applications by tier and organization, under the program's lock. */
async function countSeats(tx: Transaction, programId: number, seatsTaken: number): Promise<SeatCounts> {
  const rows = await tx
    .select({ tier: betaApplications.tier, organizationId: betaApplications.organizationId, count: sql<number>`count(*)::int` })
    .from(betaApplications)
    .where(and(eq(betaApplications.programId, programId), eq(betaApplications.status, 'accepted')))
    .groupBy(betaApplications.tier, betaApplications.organizationId);
  const acceptedByTier: SeatCounts['acceptedByTier'] = {};
  const acceptedByOrganization = new Map<number, number>();
  for (const row of rows) {
    if (row.tier) acceptedByTier[row.tier] = (acceptedByTier[row.tier] ?? 0) + Number(row.count);
    if (row.organizationId !== null) acceptedByOrganization.set(row.organizationId, (acceptedByOrganization.get(row.organizationId) ?? 0) + Number(row.count));
  }
  return { seatsTaken, acceptedByTier, acceptedByOrganization };
}

/** Locks the program row: every seat change for a program queues here. */
async function lockProgram(tx: Transaction, programId: number) {
  const [program] = await tx.select().from(betaPrograms).where(eq(betaPrograms.topicId, programId)).for('update');
  if (!program) throw new AppError('NOT_FOUND', 'This beta program does not exist');
  return program;
}

function rulesOf(program: typeof betaPrograms.$inferSelect): SeatRules {
  return { seatCapacity: program.seatCapacity, tierQuotas: program.tierQuotas ?? null, perOrganizationCap: program.perOrganizationCap };
}

async function audit(tx: Transaction, actorId: number | null, action: AuditAction, applicationId: number, details: Record<string, unknown>) {
  await tx.insert(auditLog).values({ actorId, action, subjectType: 'beta_application', subjectId: String(applicationId), details });
}

/**
 * In auto-accept mode, gives free seats to waitlisted applications in order (those that fit the
 * quotas), under the lock the caller holds. Returns the promoted ids.
 */
async function promoteFromWaitlist(tx: Transaction, program: typeof betaPrograms.$inferSelect, seatsTaken: number): Promise<number[]> {
  if (!program.autoAccept || seatsTaken >= program.seatCapacity) return [];
  const waitlist = await tx
    .select({ id: betaApplications.id, tier: betaApplications.tier, organizationId: betaApplications.organizationId })
    .from(betaApplications)
    .where(and(eq(betaApplications.programId, program.topicId), eq(betaApplications.status, 'waitlisted')))
    // Ids are drawn under the program lock, so they follow the order applications were taken in;
    // created_at is each transaction's start and may not (see findOwnApplication).
    .orderBy(asc(betaApplications.id));
  if (waitlist.length === 0) return [];
  const counts = await countSeats(tx, program.topicId, seatsTaken);
  const promoted = pickWaitlistPromotions({ rules: rulesOf(program), counts, waitlist });
  if (promoted.length === 0) return [];
  await tx
    .update(betaApplications)
    .set({ status: 'accepted', decidedAt: sql`now()`, decidedById: null, updatedAt: sql`now()` })
    .where(inArray(betaApplications.id, promoted));
  await tx.update(betaPrograms).set({ seatsTaken: sql`${betaPrograms.seatsTaken} + ${promoted.length}` }).where(eq(betaPrograms.topicId, program.topicId));
  await tx.insert(auditLog).values(
    promoted.map((id) => ({
      actorId: null,
      action: 'beta_application.accepted' as const,
      subjectType: 'beta_application',
      subjectId: String(id),
      details: { programId: program.topicId, via: 'waitlist' },
    })),
  );
  return promoted;
}

export function createBetaRepository(db: Database) {
  /** The program's rows, in one transaction: its topic, its private feedback area, its settings, the audit entry. */
  function insertProgram(input: ProgramSettings & { boardId: number; authorId: number; idempotencyKey: string | null }): Promise<number> {
    return db.transaction(async (tx) => {
      const [topic] = await tx
        .insert(topics)
        .values({ boardId: input.boardId, authorId: input.authorId, title: input.title, publishedAt: null, idempotencyKey: input.idempotencyKey })
        .returning({ id: topics.id });
      const id = topic!.id;
      const [board] = await tx
        .insert(boards)
        .values({
          slug: `beta-feedback-${id}`,
          name: `Feedback: ${input.title}`.slice(0, 200),
          description: 'The private feedback area of a beta program: participants and staff only.',
          kind: 'beta',
          visibility: 'participants',
          position: 1000,
        })
        .returning({ id: boards.id });
      await tx.insert(betaPrograms).values({
        topicId: id,
        feedbackBoardId: board!.id,
        introductionMarkdown: input.introduction.markdown,
        introductionHtml: input.introduction.html,
        precautionsMarkdown: input.precautions.markdown,
        precautionsHtml: input.precautions.html,
        rendererVersion: input.rendererVersion,
        eligibleTiers: input.eligibleTiers,
        eligibleStages: input.eligibleStages,
        eligibleOrganizationIds: input.eligibleOrganizationIds,
        seatCapacity: input.seatCapacity,
        tierQuotas: input.tierQuotas,
        perOrganizationCap: input.perOrganizationCap,
        applicationDeadline: input.applicationDeadline,
        form: input.form,
        autoAccept: input.autoAccept,
      });
      await tx.insert(auditLog).values({
        actorId: input.authorId,
        action: 'beta_program.created',
        subjectType: 'beta_program',
        subjectId: String(id),
        details: { seatCapacity: input.seatCapacity, autoAccept: input.autoAccept },
      });
      await indexTopics(tx, [id]);
      return id;
    });
  }

  return {
    /** Every organization, by name, for a program's "named organizations". */
    organizationChoices() {
      return db.select({ id: organizations.id, name: organizations.name, tier: organizations.tier }).from(organizations).orderBy(asc(organizations.name));
    },

    /** The program's board, for the access check, if the reader may see the program. */
    async findResource(id: number, audience: BetaAudience) {
      const [row] = await db
        .select({ board: boards })
        .from(betaPrograms)
        .innerJoin(topics, eq(topics.id, betaPrograms.topicId))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(and(eq(betaPrograms.topicId, id), visibleTo(audience)));
      return row ?? null;
    },

    /** The first beta board that is not a feedback area: where programs are published. */
    async findProgramsBoard() {
      const [board] = await db
        .select()
        .from(boards)
        .where(and(eq(boards.kind, 'beta'), ne(boards.visibility, 'participants')))
        .orderBy(asc(boards.position), asc(boards.id))
        .limit(1);
      return board ?? null;
    },

    /** Programs newest first, with seats; drafts for staff only. */
    list(audience: BetaAudience) {
      return db
        .select(programColumns)
        .from(betaPrograms)
        .innerJoin(topics, eq(topics.id, betaPrograms.topicId))
        .where(visibleTo(audience))
        .orderBy(desc(topics.createdAt), desc(topics.id));
    },

    async find(id: number, audience: BetaAudience) {
      const [row] = await db
        .select({
          ...programColumns,
          introductionMarkdown: betaPrograms.introductionMarkdown,
          introductionHtml: betaPrograms.introductionHtml,
          precautionsMarkdown: betaPrograms.precautionsMarkdown,
          precautionsHtml: betaPrograms.precautionsHtml,
          eligibleTiers: betaPrograms.eligibleTiers,
          eligibleStages: betaPrograms.eligibleStages,
          eligibleOrganizationIds: betaPrograms.eligibleOrganizationIds,
          tierQuotas: betaPrograms.tierQuotas,
          perOrganizationCap: betaPrograms.perOrganizationCap,
          form: betaPrograms.form,
          feedbackBoardSlug: boards.slug,
          feedbackBoardName: boards.name,
        })
        .from(betaPrograms)
        .innerJoin(topics, eq(topics.id, betaPrograms.topicId))
        .leftJoin(boards, eq(boards.id, betaPrograms.feedbackBoardId))
        .where(and(eq(betaPrograms.topicId, id), visibleTo(audience)));
      return row ? { ...row, form: row.form as BetaQuestion[] } : null;
    },

    organizationNames(ids: number[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, ids));
    },

    /** The viewer's application and their waitlist place, in one query. */
    async findOwnApplication(programId: number, userId: number) {
      const [row] = await db
        .select({
          id: betaApplications.id,
          status: betaApplications.status,
          decisionMessage: betaApplications.decisionMessage,
          createdAt: betaApplications.createdAt,
          decidedAt: betaApplications.decidedAt,
          // Qualified by hand: drizzle leaves columns of a one-table select unqualified. The place
          // counts earlier ids, not earlier created_at: created_at is now() of each transaction's
          // start, so under concurrency one that started first may take the lock (and commit)
          // last, and two applicants would share a place (seen on PostgreSQL in CI).
          waitlistPosition: sql<number | null>`case when "beta_applications"."status" = 'waitlisted' then (
            select count(*)::int + 1 from beta_applications w
            where w.program_id = "beta_applications"."program_id" and w.status = 'waitlisted'
              and w.id < "beta_applications"."id") end`,
        })
        .from(betaApplications)
        .where(and(eq(betaApplications.programId, programId), eq(betaApplications.userId, userId)));
      return row ? { ...row, waitlistPosition: row.waitlistPosition === null ? null : Number(row.waitlistPosition) } : null;
    },

    /** Whether `userId` is an accepted participant of the program whose feedback board is `boardId`. */
    async isAcceptedParticipant(boardId: number, userId: number): Promise<boolean> {
      const [row] = await db
        .select({ id: betaApplications.id })
        .from(betaApplications)
        .innerJoin(betaPrograms, eq(betaPrograms.topicId, betaApplications.programId))
        .where(and(eq(betaPrograms.feedbackBoardId, boardId), eq(betaApplications.userId, userId), eq(betaApplications.status, 'accepted')))
        .limit(1);
      return row !== undefined;
    },

    /** The status of the program whose feedback area is `boardId`, or null for any other board. */
    async feedbackAreaProgramStatus(boardId: number): Promise<BetaProgramStatus | null> {
      const [row] = await db.select({ status: betaPrograms.status }).from(betaPrograms).where(eq(betaPrograms.feedbackBoardId, boardId));
      return row?.status ?? null;
    },

    /** Who applied and where they stand, for the applications named (to tell them of a decision). */
    applicationsByIds(ids: number[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .select({ id: betaApplications.id, userId: betaApplications.userId, status: betaApplications.status, decisionMessage: betaApplications.decisionMessage })
        .from(betaApplications)
        .where(inArray(betaApplications.id, ids));
    },

    /** Every application of a program for the PM, oldest first, with applicant and organization. */
    listApplications(programId: number) {
      return db
        .select({
          id: betaApplications.id,
          status: betaApplications.status,
          userId: users.id,
          displayName: users.displayName,
          email: users.email,
          organizationId: betaApplications.organizationId,
          organizationName: organizations.name,
          tier: betaApplications.tier,
          answers: betaApplications.answers,
          decisionMessage: betaApplications.decisionMessage,
          createdAt: betaApplications.createdAt,
          decidedAt: betaApplications.decidedAt,
        })
        .from(betaApplications)
        .innerJoin(users, eq(users.id, betaApplications.userId))
        .leftJoin(organizations, eq(organizations.id, betaApplications.organizationId))
        .where(eq(betaApplications.programId, programId))
        .orderBy(asc(betaApplications.createdAt), asc(betaApplications.id));
    },

    /** Creates the program topic (unpublished), its feedback board and the program, in one transaction. */
    /**
     * Creates a program with its topic and feedback area. A retry with the same idempotency key
     * returns the first program (`created: false`), also when two retries race.
     */
    async create(input: ProgramSettings & { boardId: number; authorId: number; idempotencyKey: string | null }): Promise<{ id: number; created: boolean }> {
      const existing = async () => {
        if (!input.idempotencyKey) return null;
        const [row] = await db
          .select({ id: topics.id })
          .from(topics)
          .where(and(eq(topics.authorId, input.authorId), eq(topics.idempotencyKey, input.idempotencyKey), eq(topics.boardId, input.boardId)));
        return row?.id ?? null;
      };
      const earlier = await existing();
      if (earlier !== null) return { id: earlier, created: false };
      try {
        return { id: await insertProgram(input), created: true };
      } catch (error) {
        const raced = isUniqueViolation(error, 'topics_author_idempotency_unique') ? await existing() : null;
        if (raced === null) throw error;
        return { id: raced, created: false };
      }
    },

    /**
     * Edits a program under its lock; `check` sees the current row (seats taken) first. A larger
     * capacity in auto-accept mode promotes from the waitlist.
     */
    async update(
      id: number,
      actorId: number,
      changes: Partial<ProgramSettings>,
      check: (current: typeof betaPrograms.$inferSelect) => void,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const current = await lockProgram(tx, id);
        check(current);
        const { title, ...rest } = changes;
        if (title !== undefined) await tx.update(topics).set({ title, updatedAt: sql`now()` }).where(eq(topics.id, id));
        const values = programValues(rest);
        if (Object.keys(values).length > 0) {
          const [updated] = await tx.update(betaPrograms).set(values).where(eq(betaPrograms.topicId, id)).returning();
          if (updated!.status !== 'draft') await promoteFromWaitlist(tx, updated!, updated!.seatsTaken);
        }
        await tx.insert(auditLog).values({
          actorId,
          action: 'beta_program.updated',
          subjectType: 'beta_program',
          subjectId: String(id),
          details: { fields: Object.keys(changes) },
        });
        await indexTopics(tx, [id]);
      });
    },

    /** Moves the program to `to` under its lock if `check` allows it; recruiting publishes the topic. */
    async setStatus(id: number, actorId: number, to: BetaProgramStatus, check: (from: BetaProgramStatus) => void): Promise<void> {
      await db.transaction(async (tx) => {
        const current = await lockProgram(tx, id);
        check(current.status);
        await tx.update(betaPrograms).set({ status: to }).where(eq(betaPrograms.topicId, id));
        if (to === 'recruiting') {
          await tx.update(topics).set({ publishedAt: sql`coalesce(${topics.publishedAt}, now())`, updatedAt: sql`now()` }).where(eq(topics.id, id));
          // The program's publication time is its date in search.
          await indexTopics(tx, [id]);
        }
        await tx.insert(auditLog).values({
          actorId,
          action: 'beta_program.status_changed',
          subjectType: 'beta_program',
          subjectId: String(id),
          details: { from: current.status, to },
        });
      });
    },

    /**
     * Records an application under the program's lock, after `check` (eligibility) passes. In
     * auto-accept mode it takes a seat when one fits, else joins the waitlist.
     */
    async apply(input: {
      programId: number;
      userId: number;
      organizationId: number | null;
      tier: OrganizationTier | null;
      answers: BetaAnswers;
      check: (program: typeof betaPrograms.$inferSelect, alreadyApplied: boolean) => void;
    }): Promise<{ id: number; status: BetaApplicationStatus }> {
      try {
        return await db.transaction(async (tx) => {
          const program = await lockProgram(tx, input.programId);
          const [existing] = await tx
            .select({ id: betaApplications.id })
            .from(betaApplications)
            .where(and(eq(betaApplications.programId, input.programId), eq(betaApplications.userId, input.userId)));
          input.check(program, existing !== undefined);
          let status: BetaApplicationStatus = 'pending';
          if (program.autoAccept) {
            const counts = await countSeats(tx, program.topicId, program.seatsTaken);
            status = decideSeat({ rules: rulesOf(program), counts, candidate: input }).ok ? 'accepted' : 'waitlisted';
          }
          const [row] = await tx
            .insert(betaApplications)
            .values({
              programId: input.programId,
              userId: input.userId,
              organizationId: input.organizationId,
              tier: input.tier,
              answers: input.answers,
              status,
              ...(status === 'accepted' ? { decidedAt: sql`now()` } : {}),
            })
            .returning({ id: betaApplications.id });
          if (status === 'accepted') {
            await tx.update(betaPrograms).set({ seatsTaken: sql`${betaPrograms.seatsTaken} + 1` }).where(eq(betaPrograms.topicId, input.programId));
          }
          await audit(tx, input.userId, 'beta_application.submitted', row!.id, { programId: input.programId, status });
          return { id: row!.id, status };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'beta_applications_program_user_unique')) {
          throw new AppError('ALREADY_APPLIED', 'You have already applied to this program');
        }
        throw error;
      }
    },

    /** Withdraws the viewer's application; an accepted one frees its seat (promoting in auto-accept mode). */
    async withdraw(programId: number, userId: number): Promise<{ promotedIds: number[] }> {
      return db.transaction(async (tx) => {
        const program = await lockProgram(tx, programId);
        const [application] = await tx
          .select({ id: betaApplications.id, status: betaApplications.status })
          .from(betaApplications)
          .where(and(eq(betaApplications.programId, programId), eq(betaApplications.userId, userId)));
        if (!application) throw new AppError('NOT_FOUND', 'You have not applied to this program');
        if (!['pending', 'waitlisted', 'accepted'].includes(application.status)) {
          throw new AppError('APPLICATION_ALREADY_DECIDED', `Your application is ${application.status}; there is nothing to withdraw`);
        }
        await tx.update(betaApplications).set({ status: 'withdrawn', updatedAt: sql`now()` }).where(eq(betaApplications.id, application.id));
        await audit(tx, userId, 'beta_application.withdrawn', application.id, { programId, from: application.status });
        if (application.status !== 'accepted') return { promotedIds: [] };
        await tx.update(betaPrograms).set({ seatsTaken: sql`${betaPrograms.seatsTaken} - 1` }).where(eq(betaPrograms.topicId, programId));
        return { promotedIds: await promoteFromWaitlist(tx, program, program.seatsTaken - 1) };
      });
    },

    /**
     * Applies one decision to applications in the given order, all under the program's lock:
     * acceptances are checked seat by seat; removals free seats (promoting in auto-accept mode).
     */
    async decide(input: {
      programId: number;
      actorId: number;
      applicationIds: number[];
      decision: BetaDecision;
      message: string | null;
    }): Promise<{ outcomes: DecisionOutcome[]; promotedIds: number[] }> {
      return db.transaction(async (tx) => {
        const program = await lockProgram(tx, input.programId);
        const rows = await tx
          .select({ id: betaApplications.id, status: betaApplications.status, tier: betaApplications.tier, organizationId: betaApplications.organizationId })
          .from(betaApplications)
          .where(and(eq(betaApplications.programId, input.programId), inArray(betaApplications.id, input.applicationIds)));
        const byId = new Map(rows.map((row) => [row.id, row]));
        let counts = await countSeats(tx, program.topicId, program.seatsTaken);
        const rules = rulesOf(program);
        const outcomes: DecisionOutcome[] = [];
        const changed: number[] = [];
        let freed = 0;
        for (const applicationId of input.applicationIds) {
          const row = byId.get(applicationId);
          if (!row) {
            outcomes.push({ applicationId, ok: false, status: 'pending', code: 'NOT_FOUND', message: 'No such application in this program' });
            continue;
          }
          const allowed = checkDecision({ decision: input.decision, status: row.status });
          if (!allowed.ok) {
            outcomes.push({ applicationId, ok: false, status: row.status, code: 'APPLICATION_ALREADY_DECIDED', message: allowed.reason });
            continue;
          }
          if (input.decision === 'accept') {
            const seat = decideSeat({ rules, counts, candidate: row });
            if (!seat.ok) {
              outcomes.push({ applicationId, ok: false, status: row.status, code: seat.reason, message: seatRefusalMessages[seat.reason] });
              continue;
            }
            counts = countWithSeat(counts, row);
          }
          if (input.decision === 'remove') freed += 1;
          changed.push(applicationId);
          outcomes.push({ applicationId, ok: true, status: decisionStatus[input.decision] });
        }
        if (changed.length > 0) {
          await tx
            .update(betaApplications)
            .set({
              status: decisionStatus[input.decision],
              decisionMessage: input.message,
              decidedById: input.actorId,
              decidedAt: sql`now()`,
              updatedAt: sql`now()`,
            })
            .where(inArray(betaApplications.id, changed));
          const seatsTaken = counts.seatsTaken - freed;
          if (seatsTaken !== program.seatsTaken) {
            await tx.update(betaPrograms).set({ seatsTaken }).where(eq(betaPrograms.topicId, input.programId));
          }
          await tx.insert(auditLog).values(
            changed.map((id) => ({
              actorId: input.actorId,
              action: `beta_application.${decisionStatus[input.decision]}` as const,
              subjectType: 'beta_application',
              subjectId: String(id),
              details: { programId: input.programId, ...(input.message ? { message: input.message } : {}) },
            })),
          );
          const promotedIds = freed > 0 ? await promoteFromWaitlist(tx, program, seatsTaken) : [];
          return { outcomes, promotedIds };
        }
        return { outcomes, promotedIds: [] };
      });
    },
  };
}

function programValues(input: Partial<Omit<ProgramSettings, 'title'>>) {
  return {
    ...(input.introduction ? { introductionMarkdown: input.introduction.markdown, introductionHtml: input.introduction.html } : {}),
    ...(input.precautions ? { precautionsMarkdown: input.precautions.markdown, precautionsHtml: input.precautions.html } : {}),
    ...(input.rendererVersion !== undefined && (input.introduction || input.precautions) ? { rendererVersion: input.rendererVersion } : {}),
    ...(input.eligibleTiers !== undefined ? { eligibleTiers: input.eligibleTiers } : {}),
    ...(input.eligibleStages !== undefined ? { eligibleStages: input.eligibleStages } : {}),
    ...(input.eligibleOrganizationIds !== undefined ? { eligibleOrganizationIds: input.eligibleOrganizationIds } : {}),
    ...(input.seatCapacity !== undefined ? { seatCapacity: input.seatCapacity } : {}),
    ...(input.tierQuotas !== undefined ? { tierQuotas: input.tierQuotas } : {}),
    ...(input.perOrganizationCap !== undefined ? { perOrganizationCap: input.perOrganizationCap } : {}),
    ...(input.applicationDeadline !== undefined ? { applicationDeadline: input.applicationDeadline } : {}),
    ...(input.form !== undefined ? { form: input.form } : {}),
    ...(input.autoAccept !== undefined ? { autoAccept: input.autoAccept } : {}),
  };
}

export type BetaRepository = ReturnType<typeof createBetaRepository>;
