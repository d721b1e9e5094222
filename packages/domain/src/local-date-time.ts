import { Temporal } from '@js-temporal/polyfill';

/**
 * A date and time as staff type it into a form (`2026-12-01T09:00`, the value of a
 * datetime-local field) on the workspace's clock, and the instant it names. Kept apart from
 * zoned-time.ts so that pages which only print times do not load the Temporal polyfill.
 */

const localDateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export type LocalDateTimeRefusal = 'not_a_date_time' | 'skipped_by_clock_change';

/**
 * The instant a local date and time names in `timeZone`. A time the clocks skip (Berlin's
 * 02:30 on 29 March 2026) is refused rather than moved, so nobody gets a time they did not type;
 * a time that happens twice (Berlin's 02:30 on 25 October 2026) is the earlier one, the first
 * moment the wall clock shows it.
 */
export function localDateTimeToInstant({
  local,
  timeZone,
}: {
  local: string;
  timeZone: string;
}): { ok: true; at: Date } | { ok: false; reason: LocalDateTimeRefusal } {
  const match = localDateTimePattern.exec(local);
  if (!match) return { ok: false, reason: 'not_a_date_time' };
  const [, year, month, day, hour, minute, second] = match;
  let wall: Temporal.PlainDateTime;
  try {
    wall = Temporal.PlainDateTime.from(
      { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second ?? 0) },
      { overflow: 'reject' },
    );
  } catch {
    return { ok: false, reason: 'not_a_date_time' };
  }
  const zoned = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  // In a gap, Temporal picks a nearby instant whose wall time differs from the one typed.
  if (!zoned.toPlainDateTime().equals(wall)) return { ok: false, reason: 'skipped_by_clock_change' };
  return { ok: true, at: new Date(zoned.epochMilliseconds) };
}

/** An instant as a datetime-local field shows it on the clock of `timeZone`: `2026-12-01T09:00`. */
export function instantToLocalDateTime({ at, timeZone }: { at: Date; timeZone: string }): string {
  const wall = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone).toPlainDateTime();
  return wall.toString({ smallestUnit: 'minute' });
}
