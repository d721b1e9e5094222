import { eq } from 'drizzle-orm';
import { organizations, slaFirstResponses, slaSettings, topicSla, topics, users, type Database, type Transaction } from '@townhall/db';
import {
  defaultSlaSettings,
  isOpenSlaClock,
  isStaffRole,
  nextSlaClock,
  responseBusinessMinutes,
  type LifecycleStage,
  type SlaClock,
  type SlaCustomer,
  type SlaEvent,
  type SlaSettings,
} from '@townhall/domain';

type Executor = Database | Transaction;

/**
 * The workspace's SLA settings, or the defaults while no admin has saved any. `forUpdate` locks
 * the row until the caller's transaction ends (a save reading what it replaces).
 */
export async function readSlaSettings(db: Executor, { forUpdate = false } = {}): Promise<{ settings: SlaSettings; updatedAt: Date | null }> {
  const query = db.select().from(slaSettings).where(eq(slaSettings.id, 1));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) return { settings: defaultSlaSettings, updatedAt: null };
  return {
    settings: {
      timeZone: row.timeZone,
      workingWeekdays: row.workingWeekdays as SlaSettings['workingWeekdays'],
      workingHours: row.workingHours,
      holidays: row.holidays,
      makeUpWorkingDays: row.makeUpWorkingDays,
      checkInWindows: row.checkInWindows,
      alertLeadMinutes: row.alertLeadMinutes,
      firstResponseTargetMinutesByTier: row.firstResponseTargetMinutesByTier,
      nextResponseTargetMinutesByTier: row.nextResponseTargetMinutesByTier,
      lifecycleTargetFactor: row.lifecycleTargetFactor,
      tightenedLifecycleStages: row.tightenedLifecycleStages as LifecycleStage[],
      renewalTighteningDays: row.renewalTighteningDays,
    },
    updatedAt: row.updatedAt,
  };
}

export type TopicSlaRow = typeof topicSla.$inferSelect;

/** A stored clock row as the domain sees it. */
export function toSlaClock(row: TopicSlaRow): SlaClock {
  return {
    kind: row.kind,
    tier: row.tier,
    startedAt: row.startedAt,
    dueAt: row.dueAt,
    targetMinutes: row.targetMinutes,
    tightened: row.tightened,
    state: row.state === 'due_soon' ? 'within' : row.state,
    pausedAt: row.pausedAt,
    remainingMinutes: row.remainingMinutes,
    metAt: row.metAt,
    urgentAt: row.urgentAt,
  };
}

/** The asker of a topic as an SLA customer: null for staff; no organization counts as tail, adoption. */
async function findAskerAccount(db: Executor, topicId: number): Promise<SlaCustomer | null> {
  const [row] = await db
    .select({ role: users.role, tier: organizations.tier, stage: organizations.lifecycleStage, renewalOn: organizations.renewalOn })
    .from(topics)
    .innerJoin(users, eq(users.id, topics.authorId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(topics.id, topicId));
  if (!row || isStaffRole(row.role)) return null;
  return { tier: row.tier ?? 'tail', stage: row.stage ?? 'adoption', renewalOn: row.renewalOn };
}

export type SlaEventOutcome = { ok: true; clock: SlaClock | null; changed: boolean } | { ok: false; reason: string };

const stopReasons = { staff_replied: 'staff_reply', answer_accepted: 'accepted_answer', question_closed: 'closed' } as const;

/**
 * Records a first-response clock that just stopped, for the metrics: the business minutes it
 * took (on the current calendar), whether it was met, and the staff member who responded (null
 * when `respondedBy` is not staff, e.g. a customer's answer the asker accepted).
 */
async function recordFirstResponse(
  tx: Transaction,
  { topicId, before, after, event, respondedBy, now }: { topicId: number; before: SlaClock; after: SlaClock; event: keyof typeof stopReasons; respondedBy: number | null; now: Date },
) {
  // One after another: a transaction has one connection, and pg 9 refuses queries sent at once on it.
  const { settings } = await readSlaSettings(tx);
  const [asker] = await tx.select({ organizationId: users.organizationId }).from(topics).innerJoin(users, eq(users.id, topics.authorId)).where(eq(topics.id, topicId));
  const [responder] = respondedBy === null ? [] : await tx.select({ role: users.role }).from(users).where(eq(users.id, respondedBy));
  await tx
    .insert(slaFirstResponses)
    .values({
      topicId,
      organizationId: asker?.organizationId ?? null,
      tier: before.tier,
      startedAt: before.startedAt,
      dueAt: before.dueAt,
      respondedAt: now,
      businessMinutes: responseBusinessMinutes({ calendar: settings, clock: before, stoppedAt: now }),
      targetMinutes: before.targetMinutes,
      met: after.state === 'met',
      stoppedBy: stopReasons[event],
      responderId: responder && isStaffRole(responder.role) ? respondedBy : null,
    })
    .onConflictDoNothing();
}

/**
 * Moves a question's clock for an event, inside the caller's transaction: locks the clock row,
 * asks the domain (`nextSlaClock`) and stores the result. The settings are read only for events
 * that compute a deadline, and the asker's account only for those that may start a clock. When
 * a first-response clock stops, its outcome goes to `sla_first_responses` in the same transaction;
 * `respondedBy` is the person whose post (or closing) stopped it.
 */
export async function applySlaEvent(
  tx: Transaction,
  { topicId, event, now, respondedBy = null }: { topicId: number; event: SlaEvent; now: Date; respondedBy?: number | null },
): Promise<SlaEventOutcome> {
  const [row] = await tx.select().from(topicSla).where(eq(topicSla.topicId, topicId)).for('update');
  const clock = row ? toSlaClock(row) : null;
  if (!clock && event.type !== 'question_asked') {
    // Nothing to move: post events pass, staff actions get the domain's refusal.
    return nextSlaClock({ event, clock, now, calendar: defaultSlaSettings, policy: defaultSlaSettings, customer: null });
  }
  const needsCalendar = event.type !== 'staff_replied' && event.type !== 'answer_accepted' && event.type !== 'question_closed' && event.type !== 'marked_urgent';
  const settings = needsCalendar ? (await readSlaSettings(tx)).settings : defaultSlaSettings;
  const customer = event.type === 'question_asked' || event.type === 'asker_replied' ? await findAskerAccount(tx, topicId) : null;
  const result = nextSlaClock({ event, clock, now, calendar: settings, policy: settings, customer });
  if (!result.ok || !result.changed || !result.clock) return result;
  const values = {
    kind: result.clock.kind,
    state: result.clock.state,
    tier: result.clock.tier,
    startedAt: result.clock.startedAt,
    dueAt: result.clock.dueAt,
    targetMinutes: result.clock.targetMinutes,
    tightened: result.clock.tightened,
    pausedAt: result.clock.pausedAt,
    remainingMinutes: result.clock.remainingMinutes,
    urgentAt: result.clock.urgentAt,
    metAt: result.clock.metAt,
    updatedAt: now,
  };
  await tx.insert(topicSla).values({ topicId, ...values }).onConflictDoUpdate({ target: topicSla.topicId, set: values });
  if (clock && clock.kind === 'first' && isOpenSlaClock(clock) && !isOpenSlaClock(result.clock) && event.type in stopReasons) {
    await recordFirstResponse(tx, { topicId, before: clock, after: result.clock, event: event.type as keyof typeof stopReasons, respondedBy, now });
  }
  return result;
}
