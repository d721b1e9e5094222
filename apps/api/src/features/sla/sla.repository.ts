import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { boards, organizations, rowsOf, slaSettings, staffCoverage, staffCoverageBoards, staffDaysOff, topicSla, topics, users, type Database } from '@townhall/db';
import { isOpenSlaClock, memberRoles, nextSlaAssignee, type OrganizationTier, type SlaAssignmentChange, type SlaAssignmentResult, slaSettingsChanges, type SlaSettings, type StaffSlaEvent } from '@townhall/domain';
import { writeAdminAudit } from '../admin/audit.repository.ts';
import { applySlaEvent, readSlaSettings, toSlaClock, type SlaEventOutcome } from './sla-clock.repository.ts';

/** Position in the SLA queue: the last item seen, in the queue's order. */
export type SlaQueueCursor = { urgent: boolean; dueAt: Date; tier: OrganizationTier; topicId: number };

export type SlaQueueRequest = {
  cursor: SlaQueueCursor | null;
  /** null: no limit (the CSV export, capped by the caller). */
  limit: number;
  boardId: number | null;
  tier: OrganizationTier | null;
  /** Only questions this person took (`mine`), only unassigned ones, or all. */
  assignee: { mine: number } | 'unassigned' | null;
  /** Running clocks (the default), or those paused while waiting on the customer. */
  paused?: boolean;
};

const assignees = alias(users, 'assignees');

const staffRoles = memberRoles.filter((role) => role !== 'customer');

export function createSlaRepository(db: Database) {
  return {
    readSettings: () => readSlaSettings(db),

    /**
     * Whether PostgreSQL knows this time zone: the dashboard's queries convert with it, and the
     * platform's list (which settings are checked against first) has a few names the database dropped.
     */
    async knowsTimeZone(name: string): Promise<boolean> {
      const [row] = rowsOf<{ known: boolean }>(await db.execute(sql`select exists (select 1 from pg_timezone_names where name = ${name}) as known`));
      return row?.known === true;
    },

    /**
     * Saves the settings (validated by the caller) and audits which ones changed, from what to
     * what: the settings they replace are read, locked, in the same transaction.
     */
    async saveSettings({ settings, actorId, now }: { settings: SlaSettings; actorId: number; now: Date }) {
      const values = {
        timeZone: settings.timeZone,
        workingWeekdays: [...settings.workingWeekdays],
        workingHours: [...settings.workingHours],
        holidays: [...settings.holidays],
        makeUpWorkingDays: [...settings.makeUpWorkingDays],
        checkInWindows: [...settings.checkInWindows],
        alertLeadMinutes: settings.alertLeadMinutes,
        firstResponseTargetMinutesByTier: { ...settings.firstResponseTargetMinutesByTier },
        nextResponseTargetMinutesByTier: { ...settings.nextResponseTargetMinutesByTier },
        lifecycleTargetFactor: settings.lifecycleTargetFactor,
        tightenedLifecycleStages: [...settings.tightenedLifecycleStages],
        renewalTighteningDays: settings.renewalTighteningDays,
        updatedById: actorId,
        updatedAt: now,
      };
      await db.transaction(async (tx) => {
        const { settings: before } = await readSlaSettings(tx, { forUpdate: true });
        await tx.insert(slaSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: slaSettings.id, set: values });
        await writeAdminAudit(tx, {
          actorId,
          action: 'sla.settings_changed',
          subjectType: 'sla_settings',
          subjectId: 1,
          details: { changes: slaSettingsChanges({ before, after: settings }) },
        });
      });
    },

    /** A topic's stored clock with its assignee's name, or null. */
    async findTopicClock(topicId: number) {
      const [row] = await db
        .select({ clock: topicSla, assigneeName: assignees.displayName })
        .from(topicSla)
        .leftJoin(assignees, eq(assignees.id, topicSla.assigneeId))
        .where(eq(topicSla.topicId, topicId));
      return row ? { ...row.clock, assigneeName: row.assigneeName } : null;
    },

    /**
     * "I'm on it" (`take`) or "Release", in one transaction on the locked clock row, decided by
     * `nextSlaAssignee` and audited when it changed something. A question without a clock cannot
     * be taken.
     */
    async changeAssignee({ topicId, change, actorId, actorIsAdmin, now }: { topicId: number; change: SlaAssignmentChange; actorId: number; actorIsAdmin: boolean; now: Date }): Promise<SlaAssignmentResult> {
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(topicSla).where(eq(topicSla.topicId, topicId)).for('update');
        const outcome = nextSlaAssignee({
          change,
          currentAssigneeId: row?.assigneeId ?? null,
          actorId,
          actorIsAdmin,
          clockOpen: row ? isOpenSlaClock(toSlaClock(row)) : false,
        });
        if (!outcome.ok || !outcome.changed || !row) return outcome;
        await tx.update(topicSla).set({ assigneeId: outcome.assigneeId, updatedAt: now }).where(eq(topicSla.topicId, topicId));
        await writeAdminAudit(tx, {
          actorId,
          action: change === 'take' ? 'topic.sla_taken' : 'topic.sla_released',
          subjectType: 'topic',
          subjectId: topicId,
          details: { assigneeId: row.assigneeId },
        });
        return outcome;
      });
    },

    /** A staff action on a clock (pause, resume, urgent) in its own transaction, audited when it changed something. */
    async applyStaffEvent({ topicId, event, actorId, now }: { topicId: number; event: StaffSlaEvent; actorId: number; now: Date }): Promise<SlaEventOutcome> {
      return db.transaction(async (tx) => {
        const outcome = await applySlaEvent(tx, { topicId, event, now });
        if (outcome.ok && outcome.changed) {
          await writeAdminAudit(tx, { actorId, action: `topic.sla_${event.type}`, subjectType: 'topic', subjectId: topicId });
        }
        return outcome;
      });
    },

    /**
     * One page of running clocks in the queue's order — urgent first, then deadline, then tier,
     * then topic — by keyset, on the `topic_sla_queue_idx` index. Deleted topics are left out.
     */
    async listQueue({ cursor, limit, boardId, tier, assignee, paused = false }: SlaQueueRequest) {
      const after = cursor
        ? sql`((${topicSla.urgentAt} is null), ${topicSla.dueAt}, ${topicSla.tier}, ${topicSla.topicId}) > (${!cursor.urgent}, ${cursor.dueAt.toISOString()}::timestamptz, ${cursor.tier}::organization_tier, ${cursor.topicId})`
        : undefined;
      const rows = await db
        .select({
          topicId: topicSla.topicId,
          title: topics.title,
          boardSlug: boards.slug,
          boardName: boards.name,
          askerName: users.displayName,
          organizationName: organizations.name,
          organizationTier: organizations.tier,
          tier: topicSla.tier,
          kind: topicSla.kind,
          state: topicSla.state,
          startedAt: topicSla.startedAt,
          dueAt: topicSla.dueAt,
          pausedAt: topicSla.pausedAt,
          urgentAt: topicSla.urgentAt,
          assigneeId: topicSla.assigneeId,
          assigneeName: assignees.displayName,
        })
        .from(topicSla)
        .innerJoin(topics, eq(topics.id, topicSla.topicId))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .innerJoin(users, eq(users.id, topics.authorId))
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .leftJoin(assignees, eq(assignees.id, topicSla.assigneeId))
        .where(
          and(
            eq(topicSla.state, paused ? 'paused' : 'within'),
            isNull(topics.deletedAt),
            after,
            boardId === null ? undefined : eq(topics.boardId, boardId),
            tier === null ? undefined : eq(topicSla.tier, tier),
            assignee === null ? undefined : assignee === 'unassigned' ? isNull(topicSla.assigneeId) : eq(topicSla.assigneeId, assignee.mine),
          ),
        )
        .orderBy(sql`(${topicSla.urgentAt} is null)`, asc(topicSla.dueAt), asc(topicSla.tier), asc(topicSla.topicId))
        .limit(limit + 1);
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    /**
     * What a check-in digest is built from (`buildCheckInDigest`): every running clock due before
     * `dueBefore`, with its board and assignee, on the queue's index. Deleted topics are left out.
     */
    async listDigestItems({ dueBefore }: { dueBefore: Date }) {
      const rows = await db
        .select({
          topicId: topicSla.topicId,
          title: topics.title,
          boardId: topics.boardId,
          tier: topicSla.tier,
          dueAt: topicSla.dueAt,
          state: topicSla.state,
          assigneeId: topicSla.assigneeId,
          urgentAt: topicSla.urgentAt,
        })
        .from(topicSla)
        .innerJoin(topics, eq(topics.id, topicSla.topicId))
        .where(and(eq(topicSla.state, 'within'), isNull(topics.deletedAt), sql`${topicSla.dueAt} < ${dueBefore.toISOString()}::timestamptz`))
        .orderBy(sql`(${topicSla.urgentAt} is null)`, asc(topicSla.dueAt), asc(topicSla.tier), asc(topicSla.topicId));
      return rows.map(({ urgentAt, ...row }) => ({ ...row, urgent: urgentAt !== null }));
    },

    /** Every active staff member with their coverage, as `buildCheckInDigest` takes them (three queries). */
    async listStaffCoverage() {
      const [staff, boardRows, dayRows] = await Promise.all([
        db
          .select({ id: users.id, role: users.role, backupId: staffCoverage.backupUserId })
          .from(users)
          .leftJoin(staffCoverage, eq(staffCoverage.userId, users.id))
          .where(and(inArray(users.role, staffRoles), isNull(users.deactivatedAt)))
          .orderBy(asc(users.id)),
        db.select().from(staffCoverageBoards),
        db.select().from(staffDaysOff),
      ]);
      const boardsOf = new Map<number, number[]>();
      for (const row of boardRows) boardsOf.set(row.userId, [...(boardsOf.get(row.userId) ?? []), row.boardId]);
      const daysOf = new Map<number, string[]>();
      for (const row of dayRows) daysOf.set(row.userId, [...(daysOf.get(row.userId) ?? []), row.day]);
      return staff.map((person) => ({ id: person.id, role: person.role, backupId: person.backupId ?? null, boardIds: boardsOf.get(person.id) ?? [], daysOff: daysOf.get(person.id) ?? [] }));
    },

    /** A staff member's coverage (empty when never set) with their name; null when not an active staff member. */
    async findCoverage(userId: number) {
      const [person] = await db
        .select({ id: users.id, displayName: users.displayName, backupId: staffCoverage.backupUserId })
        .from(users)
        .leftJoin(staffCoverage, eq(staffCoverage.userId, users.id))
        .where(and(eq(users.id, userId), inArray(users.role, staffRoles), isNull(users.deactivatedAt)));
      if (!person) return null;
      const [boardRows, dayRows] = await Promise.all([
        db.select({ boardId: staffCoverageBoards.boardId }).from(staffCoverageBoards).where(eq(staffCoverageBoards.userId, userId)).orderBy(asc(staffCoverageBoards.boardId)),
        db.select({ day: staffDaysOff.day }).from(staffDaysOff).where(eq(staffDaysOff.userId, userId)).orderBy(asc(staffDaysOff.day)),
      ]);
      return {
        userId: person.id,
        displayName: person.displayName,
        backupId: person.backupId ?? null,
        boardIds: boardRows.map((row) => row.boardId),
        daysOff: dayRows.map((row) => row.day),
      };
    },

    /** What a coverage form offers: every board, and every other active staff member as a backup. */
    async coverageChoices() {
      const [boardChoices, staff] = await Promise.all([
        db.select({ id: boards.id, slug: boards.slug, name: boards.name }).from(boards).orderBy(asc(boards.position), asc(boards.id)),
        db
          .select({ id: users.id, displayName: users.displayName, role: users.role })
          .from(users)
          .where(and(inArray(users.role, staffRoles), isNull(users.deactivatedAt)))
          .orderBy(asc(users.displayName), asc(users.id)),
      ]);
      return { boardChoices, staff };
    },

    /** Which of these ids are boards, and whether `backupId` is an active staff member. */
    async checkCoverageReferences({ boardIds, backupId }: { boardIds: number[]; backupId: number | null }) {
      const [known, backup] = await Promise.all([
        boardIds.length === 0 ? Promise.resolve([]) : db.select({ id: boards.id }).from(boards).where(inArray(boards.id, boardIds)),
        backupId === null
          ? Promise.resolve([])
          : db.select({ id: users.id }).from(users).where(and(eq(users.id, backupId), inArray(users.role, staffRoles), isNull(users.deactivatedAt))),
      ]);
      const knownIds = new Set(known.map((row) => row.id));
      return { unknownBoardIds: boardIds.filter((id) => !knownIds.has(id)), backupIsStaff: backupId === null || backup.length > 0 };
    },

    /** Replaces a staff member's coverage in one transaction; audited when someone else (an admin) changed it. */
    async saveCoverage({ userId, boardIds, daysOff, backupId, actorId }: { userId: number; boardIds: number[]; daysOff: string[]; backupId: number | null; actorId: number }) {
      await db.transaction(async (tx) => {
        await tx
          .insert(staffCoverage)
          .values({ userId, backupUserId: backupId })
          .onConflictDoUpdate({ target: staffCoverage.userId, set: { backupUserId: backupId, updatedAt: sql`now()` } });
        await tx.delete(staffCoverageBoards).where(eq(staffCoverageBoards.userId, userId));
        if (boardIds.length > 0) await tx.insert(staffCoverageBoards).values([...new Set(boardIds)].map((boardId) => ({ userId, boardId })));
        await tx.delete(staffDaysOff).where(eq(staffDaysOff.userId, userId));
        if (daysOff.length > 0) await tx.insert(staffDaysOff).values(daysOff.map((day) => ({ userId, day })));
        if (actorId !== userId) {
          await writeAdminAudit(tx, { actorId, action: 'staff.coverage_changed', subjectType: 'user', subjectId: userId, details: { boardIds, daysOff, backupId } });
        }
      });
    },
  };
}

export type SlaRepository = ReturnType<typeof createSlaRepository>;
