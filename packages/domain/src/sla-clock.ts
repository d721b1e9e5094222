import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './business-calendar.ts';
import { localDateOfEpochMs } from './business-calendar-spans.ts';
import type { LifecycleStage, OrganizationTier } from './organizations.ts';
import { computeResponseTargetMinutes, defaultDueSoonMinutes, slaState, type SlaPolicy, type SlaResponseKind, type SlaState } from './sla-policy.ts';

/**
 * A question's current response clock as stored. `state` is what the write path knows: `within`
 * while the clock runs, `paused` while staff wait on the customer, `met` or `breached` once
 * staff answered. `due_soon` and a running clock's `breached` are derived at read time from
 * `dueAt` (see `currentSlaState`), never stored.
 */
export interface SlaClock {
  kind: SlaResponseKind;
  /** The tier the target was taken from (the asker's organization when the clock started). */
  tier: OrganizationTier;
  startedAt: Date;
  dueAt: Date;
  targetMinutes: number;
  tightened: boolean;
  state: Exclude<SlaState, 'due_soon'>;
  pausedAt: Date | null;
  /** Business minutes left when the clock was paused. */
  remainingMinutes: number | null;
  metAt: Date | null;
  urgentAt: Date | null;
}

/** What happened on a question that may move its clock. */
export type SlaEvent =
  | { type: 'question_asked' }
  | { type: 'staff_replied' }
  /** `questionSettled`: the question was solved or closed before this reply (a "thanks!" starts no clock). */
  | { type: 'asker_replied'; questionSettled?: boolean }
  | { type: 'answer_accepted' }
  | { type: 'question_closed' }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'marked_urgent' };

/** The clock events staff cause by hand (and that the audit log records). */
export type StaffSlaEvent = Extract<SlaEvent, { type: 'paused' | 'resumed' | 'marked_urgent' }>;

/**
 * Whether a reply can move its question's clock: staff answer it, the asker follows up. Anyone
 * else chiming in leaves the clock (and the status) as they were.
 */
export function replyMovesSlaClock({ replyIsFromStaff, replyIsFromAsker }: { replyIsFromStaff: boolean; replyIsFromAsker: boolean }): boolean {
  return replyIsFromStaff || replyIsFromAsker;
}

/** The asker's account, which picks the target. */
export interface SlaCustomer {
  tier: OrganizationTier;
  stage: LifecycleStage;
  renewalOn: string | null;
}

/** An outcome: the clock after the event (null: still no clock) and whether anything changed. */
export type NextSlaClockResult = { ok: true; clock: SlaClock | null; changed: boolean } | { ok: false; reason: string };

/** Whether a clock is still counting (running or paused) rather than stopped. */
export function isOpenSlaClock(clock: Pick<SlaClock, 'state'> | null): boolean {
  return clock !== null && (clock.state === 'within' || clock.state === 'paused');
}

function startClock({
  kind,
  calendar,
  policy,
  customer,
  now,
}: {
  kind: SlaResponseKind;
  calendar: BusinessCalendar;
  policy: SlaPolicy;
  customer: SlaCustomer;
  now: Date;
}): NextSlaClockResult {
  const onDate = localDateOfEpochMs(now.getTime(), calendar.timeZone).toString();
  const { targetMinutes, tightened } = computeResponseTargetMinutes({ policy, kind, tier: customer.tier, stage: customer.stage, renewalOn: customer.renewalOn, onDate });
  const due = addBusinessMinutes({ calendar, start: now, minutes: targetMinutes });
  if (!due.ok) return due;
  return {
    ok: true,
    changed: true,
    clock: {
      kind,
      tier: customer.tier,
      startedAt: now,
      dueAt: due.at,
      targetMinutes,
      tightened,
      state: 'within',
      pausedAt: null,
      remainingMinutes: null,
      metAt: null,
      urgentAt: null,
    },
  };
}

const unchanged = (clock: SlaClock | null): NextSlaClockResult => ({ ok: true, clock, changed: false });

/**
 * The clock after an event, at `now`:
 * - a customer's question starts the first-response clock;
 * - a staff reply, an accepted answer, or staff closing the question stops an open clock (met, or
 *   breached when late);
 * - the asker's follow-up after staff answered starts a next-response clock (not on a solved or
 *   closed question), and resumes a paused one;
 * - staff pause a running clock (waiting on the customer) and resume it: the business minutes left
 *   at the pause run again from the resume;
 * - staff mark an open clock urgent (once; the first time is kept).
 * Events that do not apply leave the clock as it is. Repeating a staff action (pausing a paused
 * clock, resuming a running one, marking an urgent one) changes nothing; pausing, resuming or
 * marking a stopped clock, or a question without one, fails.
 */
export function nextSlaClock({
  event,
  clock,
  now,
  calendar,
  policy,
  customer,
}: {
  event: SlaEvent;
  clock: SlaClock | null;
  now: Date;
  calendar: BusinessCalendar;
  policy: SlaPolicy;
  /** The asker's account; required to start a clock. */
  customer: SlaCustomer | null;
}): NextSlaClockResult {
  switch (event.type) {
    case 'question_asked': {
      if (clock !== null || customer === null) return unchanged(clock);
      return startClock({ kind: 'first', calendar, policy, customer, now });
    }
    case 'staff_replied':
    case 'answer_accepted':
    case 'question_closed': {
      if (clock === null || !isOpenSlaClock(clock)) return unchanged(clock);
      const state = clock.state === 'paused' ? (clock.pausedAt!.getTime() < clock.dueAt.getTime() ? 'met' : 'breached') : now.getTime() <= clock.dueAt.getTime() ? 'met' : 'breached';
      return { ok: true, changed: true, clock: { ...clock, state, metAt: now } };
    }
    case 'asker_replied': {
      if (clock === null) return unchanged(clock);
      if (clock.state === 'paused') return resume({ clock, now, calendar });
      if (clock.state === 'within' || customer === null || event.questionSettled) return unchanged(clock);
      // Staff had answered (met or breached): the follow-up starts the next-response clock.
      return startClock({ kind: 'next', calendar, policy, customer: { ...customer, tier: clock.tier }, now });
    }
    case 'paused': {
      if (clock === null || !isOpenSlaClock(clock)) return { ok: false, reason: 'Only a running SLA clock can be paused' };
      if (clock.state === 'paused') return unchanged(clock);
      const remainingMinutes = Math.max(0, Math.round(businessMinutesBetween({ calendar, from: now, to: clock.dueAt }) * 1000) / 1000);
      return { ok: true, changed: true, clock: { ...clock, state: 'paused', pausedAt: now, remainingMinutes } };
    }
    case 'resumed': {
      if (clock === null || !isOpenSlaClock(clock)) return { ok: false, reason: 'Only a paused SLA clock can be resumed' };
      if (clock.state === 'within') return unchanged(clock);
      return resume({ clock, now, calendar });
    }
    case 'marked_urgent': {
      if (clock === null || !isOpenSlaClock(clock)) return { ok: false, reason: 'Only a question with a running SLA clock can be marked urgent' };
      if (clock.urgentAt !== null) return unchanged(clock);
      return { ok: true, changed: true, clock: { ...clock, urgentAt: now } };
    }
  }
}

function resume({ clock, now, calendar }: { clock: SlaClock; now: Date; calendar: BusinessCalendar }): NextSlaClockResult {
  const remaining = clock.remainingMinutes ?? 0;
  const due = addBusinessMinutes({ calendar, start: now, minutes: remaining });
  if (!due.ok) return due;
  return { ok: true, changed: true, clock: { ...clock, state: 'within', dueAt: due.at, pausedAt: null, remainingMinutes: null } };
}

/** The state to show at `now`: the stored state of a stopped or paused clock, else within, due soon or breached by `dueAt`. */
export function currentSlaState({
  clock,
  now,
  dueSoonMinutes = defaultDueSoonMinutes,
}: {
  clock: Pick<SlaClock, 'state' | 'dueAt' | 'pausedAt'>;
  now: Date;
  dueSoonMinutes?: number;
}): SlaState {
  if (clock.state === 'met' || clock.state === 'breached') return clock.state;
  return slaState({ deadline: clock.dueAt, now, dueSoonMinutes, pausedAt: clock.state === 'paused' ? clock.pausedAt : null });
}
