import { Temporal } from '@js-temporal/polyfill';
import { businessMinutesBetween, parseIsoDate, type BusinessCalendar, type FieldFailure } from './business-calendar.ts';
import { localDateOfEpochMs } from './business-calendar-spans.ts';
import type { SlaClock } from './sla-clock.ts';

/**
 * Business minutes a response took: the target less what was left at the stop (negative when
 * late). A paused clock is measured where it paused, so time waiting on the customer never
 * counts, and a clock that was resumed ran on a deadline that already left the pause out.
 */
export function responseBusinessMinutes({
  calendar,
  clock,
  stoppedAt,
}: {
  calendar: BusinessCalendar;
  clock: Pick<SlaClock, 'targetMinutes' | 'dueAt' | 'state' | 'pausedAt'>;
  stoppedAt: Date;
}): number {
  const measuredAt = clock.state === 'paused' && clock.pausedAt ? clock.pausedAt : stoppedAt;
  const left = businessMinutesBetween({ calendar, from: measuredAt, to: clock.dueAt });
  return Math.max(0, Math.round((clock.targetMinutes - left) * 1000) / 1000);
}

/** The Monday (a local date, YYYY-MM-DD) of the ISO week a local date falls in. */
export function weekStartOfDate({ date }: { date: string }): string {
  const plain = Temporal.PlainDate.from(date);
  return plain.subtract({ days: plain.dayOfWeek - 1 }).toString();
}

/** The Monday (a local date) of the ISO week an instant falls in, in the workspace time zone. */
export function weekStartOf({ at, timeZone }: { at: Date; timeZone: string }): string {
  return weekStartOfDate({ date: localDateOfEpochMs(at.getTime(), timeZone).toString() });
}

/** Every ISO week (its Monday) that overlaps the local dates `from`–`to`, oldest first. */
export function weeksInRange({ from, to }: { from: string; to: string }): string[] {
  const weeks: string[] = [];
  const last = Temporal.PlainDate.from(to);
  for (let week = Temporal.PlainDate.from(weekStartOfDate({ date: from })); Temporal.PlainDate.compare(week, last) <= 0; week = week.add({ days: 7 })) {
    weeks.push(week.toString());
  }
  return weeks;
}

/** A metrics period: local dates `from`–`to` (both included) and the instants that bound them. */
export type SlaMetricsRange = { from: string; to: string; startsAt: Date; endsBefore: Date };

/** Default length of the metrics period: this week and the eleven before it. */
export const defaultSlaMetricsWeeks = 12;
/** The longest metrics period, in days. */
export const maxSlaMetricsDays = 400;

/**
 * The metrics period from optional local dates: `to` defaults to today and `from` to the Monday
 * twelve weeks back, in the workspace time zone. The instants run from the start of `from` to the
 * start of the day after `to`, local time (correct across DST). Bad dates, `from` after `to` or a
 * period over 400 days fail with the field named.
 */
export function resolveSlaMetricsRange({
  from,
  to,
  now,
  timeZone,
}: {
  from?: string | null;
  to?: string | null;
  now: Date;
  timeZone: string;
}): ({ ok: true } & SlaMetricsRange) | FieldFailure {
  const toDate = to ? parseIsoDate({ text: to }) : localDateOfEpochMs(now.getTime(), timeZone);
  if (!toDate) return { ok: false, reason: 'to is a date, YYYY-MM-DD', field: 'to' };
  const fromDate = from
    ? parseIsoDate({ text: from })
    : Temporal.PlainDate.from(weekStartOfDate({ date: toDate.toString() })).subtract({ weeks: defaultSlaMetricsWeeks - 1 });
  if (!fromDate) return { ok: false, reason: 'from is a date, YYYY-MM-DD', field: 'from' };
  if (Temporal.PlainDate.compare(fromDate, toDate) > 0) return { ok: false, reason: 'from is after to', field: 'from' };
  if (fromDate.until(toDate).days >= maxSlaMetricsDays) return { ok: false, reason: `the period is at most ${maxSlaMetricsDays} days`, field: 'from' };
  return {
    ok: true,
    from: fromDate.toString(),
    to: toDate.toString(),
    startsAt: new Date(fromDate.toZonedDateTime({ timeZone }).epochMilliseconds),
    endsBefore: new Date(toDate.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds),
  };
}

/** SLA attainment in percent, one decimal: met of all settled clocks; null when none settled. */
export function attainmentPercent({ met, settled }: { met: number; settled: number }): number | null {
  if (settled <= 0) return null;
  return Math.round((met / settled) * 1000) / 10;
}

/** Business minutes as shown in metrics: one decimal; null stays null. */
export function roundMetricMinutes(minutes: number | null): number | null {
  return minutes === null ? null : Math.round(minutes * 10) / 10;
}
