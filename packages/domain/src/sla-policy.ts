import { addBusinessMinutes, businessMinutesBetween, parseIsoDate, type BusinessCalendar, type FieldFailure } from './business-calendar.ts';
import { localDateOfEpochMs } from './business-calendar-spans.ts';
import { lifecycleStages, organizationTiers, type LifecycleStage, type OrganizationTier } from './organizations.ts';

/** Response targets in business minutes per tier, and how much tighter they get for accounts at risk. */
export interface SlaPolicy {
  firstResponseTargetMinutesByTier: Readonly<Record<OrganizationTier, number>>;
  nextResponseTargetMinutesByTier: Readonly<Record<OrganizationTier, number>>;
  /** Multiplies the target for tightened accounts (0 < factor ≤ 1); the result is rounded up. */
  lifecycleTargetFactor: number;
  /** Stages that tighten the target. */
  tightenedLifecycleStages: readonly LifecycleStage[];
  /** A renewal date this many days ahead or fewer tightens the target. */
  renewalTighteningDays: number;
}

/** The state of one response clock. */
export type SlaState = 'within' | 'due_soon' | 'breached' | 'met' | 'paused';

/** Which clock: the first staff response, or the next one after a customer follow-up. */
export type SlaResponseKind = 'first' | 'next';

/** head 120, waist 240, tail 480 business minutes; onboarding, churn-risk or renewal within 60 days halves them. */
export const defaultSlaPolicy: SlaPolicy = {
  firstResponseTargetMinutesByTier: { head: 120, waist: 240, tail: 480 },
  nextResponseTargetMinutesByTier: { head: 120, waist: 240, tail: 480 },
  lifecycleTargetFactor: 0.5,
  tightenedLifecycleStages: ['onboarding', 'churn-risk'],
  renewalTighteningDays: 60,
};

/** Minutes before a deadline when a clock turns "due soon" by default. */
export const defaultDueSoonMinutes = 30;

/** Checks an SLA policy as an admin edits it, naming the bad field. */
export function validateSlaPolicy({ policy }: { policy: SlaPolicy }): { ok: true; policy: SlaPolicy } | FieldFailure {
  for (const kind of ['firstResponseTargetMinutesByTier', 'nextResponseTargetMinutesByTier'] as const) {
    for (const tier of organizationTiers) {
      const minutes = policy?.[kind]?.[tier];
      if (!Number.isInteger(minutes) || minutes! < 1 || minutes! > 525_600) {
        return { ok: false, reason: 'a target is a whole number of business minutes from 1 to 525600', field: `${kind}.${tier}` };
      }
    }
  }
  const factor = policy.lifecycleTargetFactor;
  if (typeof factor !== 'number' || !(factor > 0 && factor <= 1)) {
    return { ok: false, reason: 'the lifecycle factor is more than 0 and at most 1', field: 'lifecycleTargetFactor' };
  }
  if (!Array.isArray(policy.tightenedLifecycleStages)) return { ok: false, reason: 'a list of stages is required', field: 'tightenedLifecycleStages' };
  for (const [index, stage] of policy.tightenedLifecycleStages.entries()) {
    if (!lifecycleStages.includes(stage)) return { ok: false, reason: `"${String(stage)}" is not a lifecycle stage`, field: `tightenedLifecycleStages[${index}]` };
  }
  const days = policy.renewalTighteningDays;
  if (!Number.isInteger(days) || days < 0 || days > 366) {
    return { ok: false, reason: 'renewal days are a whole number from 0 to 366', field: 'renewalTighteningDays' };
  }
  return { ok: true, policy: { ...policy, tightenedLifecycleStages: [...new Set(policy.tightenedLifecycleStages)] } };
}

/** Says whether an account's stage or coming renewal (0 to N days after `onDate`) tightens its target. */
export function isLifecycleTightened({
  policy,
  stage,
  renewalOn,
  onDate,
}: {
  policy: SlaPolicy;
  stage: LifecycleStage;
  renewalOn: string | null | undefined;
  onDate: string;
}): boolean {
  if (policy.tightenedLifecycleStages.includes(stage)) return true;
  if (!renewalOn) return false;
  const renewalDate = parseIsoDate({ text: renewalOn });
  const today = parseIsoDate({ text: onDate });
  if (!renewalDate || !today) return false;
  const daysUntilRenewal = today.until(renewalDate, { largestUnit: 'days' }).days;
  return daysUntilRenewal >= 0 && daysUntilRenewal <= policy.renewalTighteningDays;
}

/** The target in business minutes for a tier and clock kind, tightened (× factor, rounded up) when the lifecycle says so. */
export function computeResponseTargetMinutes({
  policy,
  kind,
  tier,
  stage,
  renewalOn,
  onDate,
}: {
  policy: SlaPolicy;
  kind: SlaResponseKind;
  tier: OrganizationTier;
  stage: LifecycleStage;
  renewalOn: string | null | undefined;
  onDate: string;
}): { targetMinutes: number; tightened: boolean } {
  const baseMinutes = (kind === 'first' ? policy.firstResponseTargetMinutesByTier : policy.nextResponseTargetMinutesByTier)[tier];
  const tightened = isLifecycleTightened({ policy, stage, renewalOn, onDate });
  // Multiply in integer thousandths first so 0.1 × 120 does not round up to 13 through float error.
  const targetMinutes = tightened ? Math.max(1, Math.ceil(Math.round(baseMinutes * policy.lifecycleTargetFactor * 1000) / 1000)) : baseMinutes;
  return { targetMinutes, tightened };
}

/** A response deadline: the business-calendar instant `targetMinutes` after the clock starts. */
export type SlaDeadlineResult = { ok: true; deadline: Date; targetMinutes: number; tightened: boolean } | { ok: false; reason: string };

function computeResponseDeadline({
  calendar,
  policy,
  kind,
  tier,
  stage,
  renewalOn,
  startedAt,
}: {
  calendar: BusinessCalendar;
  policy: SlaPolicy;
  kind: SlaResponseKind;
  tier: OrganizationTier;
  stage: LifecycleStage;
  renewalOn: string | null | undefined;
  startedAt: Date;
}): SlaDeadlineResult {
  const onDate = localDateOfEpochMs(startedAt.getTime(), calendar.timeZone).toString();
  const { targetMinutes, tightened } = computeResponseTargetMinutes({ policy, kind, tier, stage, renewalOn, onDate });
  const deadline = addBusinessMinutes({ calendar, start: startedAt, minutes: targetMinutes });
  if (!deadline.ok) return deadline;
  return { ok: true, deadline: deadline.at, targetMinutes, tightened };
}

/** The deadline for the first staff response to a question asked at `askedAt`. */
export function computeFirstResponseDeadline({
  calendar,
  policy,
  tier,
  stage,
  renewalOn,
  askedAt,
}: {
  calendar: BusinessCalendar;
  policy: SlaPolicy;
  tier: OrganizationTier;
  stage: LifecycleStage;
  renewalOn?: string | null;
  askedAt: Date;
}): SlaDeadlineResult {
  return computeResponseDeadline({ calendar, policy, kind: 'first', tier, stage, renewalOn, startedAt: askedAt });
}

/** The deadline for the next staff response after a customer follows up at `followedUpAt`. */
export function computeNextResponseDeadline({
  calendar,
  policy,
  tier,
  stage,
  renewalOn,
  followedUpAt,
}: {
  calendar: BusinessCalendar;
  policy: SlaPolicy;
  tier: OrganizationTier;
  stage: LifecycleStage;
  renewalOn?: string | null;
  followedUpAt: Date;
}): SlaDeadlineResult {
  return computeResponseDeadline({ calendar, policy, kind: 'next', tier, stage, renewalOn, startedAt: followedUpAt });
}

/** Moves a paused clock's deadline on: the business minutes left at the pause run again from `resumedAt`. */
export function computeResumedDeadline({
  calendar,
  deadline,
  pausedAt,
  resumedAt,
}: {
  calendar: BusinessCalendar;
  deadline: Date;
  pausedAt: Date;
  resumedAt: Date;
}): { ok: true; deadline: Date; remainingMinutes: number } | { ok: false; reason: string } {
  if (resumedAt.getTime() < pausedAt.getTime()) return { ok: false, reason: 'a clock resumes after it was paused' };
  const remainingMinutes = Math.max(0, businessMinutesBetween({ calendar, from: pausedAt, to: deadline }));
  const resumed = addBusinessMinutes({ calendar, start: resumedAt, minutes: remainingMinutes });
  if (!resumed.ok) return resumed;
  return { ok: true, deadline: resumed.at, remainingMinutes };
}

/**
 * The state of a clock at `now`: met (answered by the deadline), breached (deadline passed,
 * answered late, or paused only after it passed), paused, due soon (within `dueSoonMinutes` of
 * the deadline), or within.
 */
export function slaState({
  deadline,
  now,
  dueSoonMinutes = defaultDueSoonMinutes,
  metAt = null,
  pausedAt = null,
}: {
  deadline: Date;
  now: Date;
  dueSoonMinutes?: number;
  metAt?: Date | null;
  pausedAt?: Date | null;
}): SlaState {
  const deadlineMs = deadline.getTime();
  if (metAt) return metAt.getTime() <= deadlineMs ? 'met' : 'breached';
  if (pausedAt) return pausedAt.getTime() < deadlineMs ? 'paused' : 'breached';
  const nowMs = now.getTime();
  if (nowMs >= deadlineMs) return 'breached';
  if (nowMs >= deadlineMs - Math.max(0, dueSoonMinutes) * 60_000) return 'due_soon';
  return 'within';
}
