import { eq } from 'drizzle-orm';
import { organizations, slaSettings, topicSla, topics, users, type Database } from '@townhall/db';
import {
  defaultSlaSettings,
  isStaffRole,
  nextSlaClock,
  type LifecycleStage,
  type SlaClock,
  type SlaCustomer,
  type SlaEvent,
  type SlaSettings,
} from '@townhall/domain';
import type { Transaction } from '../admin/audit.repository.ts';

type Executor = Database | Transaction;

/** The workspace's SLA settings, or the defaults while no admin has saved any. */
export async function readSlaSettings(db: Executor): Promise<{ settings: SlaSettings; updatedAt: Date | null }> {
  const [row] = await db.select().from(slaSettings).where(eq(slaSettings.id, 1));
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

/**
 * Moves a question's clock for an event, inside the caller's transaction: locks the clock row,
 * asks the domain (`nextSlaClock`) and stores the result. The settings are read only for events
 * that compute a deadline, and the asker's account only for those that may start a clock.
 */
export async function applySlaEvent(tx: Transaction, { topicId, event, now }: { topicId: number; event: SlaEvent; now: Date }): Promise<SlaEventOutcome> {
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
  return result;
}
