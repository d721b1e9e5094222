import { Temporal } from '@js-temporal/polyfill';
import type { BusinessCalendar } from './business-calendar.ts';

// Internal helpers shared by the business calendar and the check-in windows; not exported from the
// package. Every time zone rule comes from the Temporal polyfill (which reads the platform's IANA
// data through Intl); nothing here knows about DST by itself.

/** A span of real time, as epoch milliseconds, half-open: [startMs, endMs). */
export interface EpochSpan {
  startMs: number;
  endMs: number;
}

/** A working-hours or window interval, as minutes since local midnight (end may be 1440). */
export interface MinuteInterval {
  startMinute: number;
  endMinute: number;
}

/** A calendar turned into sets and minute intervals, so a day's test is a lookup. */
export interface CompiledCalendar {
  timeZone: string;
  workingWeekdays: ReadonlySet<number>;
  workingHours: readonly MinuteInterval[];
  holidays: ReadonlySet<string>;
  makeUpWorkingDays: ReadonlySet<string>;
}

const localTimePattern = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Parses "HH:MM" (00:00–24:00) into minutes since midnight, or null when it is not a time. */
export function parseLocalTimeToMinuteOfDay(text: string): number | null {
  if (typeof text !== 'string' || !localTimePattern.test(text)) return null;
  const [hours, minutes] = text.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** Compiles a validated calendar for repeated day lookups. */
export function compileBusinessCalendar(calendar: BusinessCalendar): CompiledCalendar {
  return {
    timeZone: calendar.timeZone,
    workingWeekdays: new Set(calendar.workingWeekdays),
    workingHours: calendar.workingHours
      .map((interval) => ({
        startMinute: parseLocalTimeToMinuteOfDay(interval.start) ?? 0,
        endMinute: parseLocalTimeToMinuteOfDay(interval.end) ?? 0,
      }))
      .sort((a, b) => a.startMinute - b.startMinute),
    holidays: new Set(calendar.holidays),
    makeUpWorkingDays: new Set(calendar.makeUpWorkingDays),
  };
}

/** Says whether a local date is a working day: a make-up day, or a working weekday that is not a holiday. */
export function isCompiledWorkingDate(compiled: CompiledCalendar, date: Temporal.PlainDate): boolean {
  const isoDate = date.toString();
  if (compiled.makeUpWorkingDays.has(isoDate)) return true;
  return compiled.workingWeekdays.has(date.dayOfWeek) && !compiled.holidays.has(isoDate);
}

/** The local calendar date of an instant in a time zone. */
export function localDateOfEpochMs(epochMs: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate();
}

/**
 * The real instant of a local wall time. A wall time skipped by a DST gap maps to the moment the
 * gap ends (the first instant whose wall time is not earlier); a wall time repeated by a fall-back
 * maps to its first occurrence when it opens an interval and its last when it closes one, so an
 * interval that contains the repeated hour gains that hour.
 */
export function wallTimeToEpochMs(
  date: Temporal.PlainDate,
  minuteOfDay: number,
  timeZone: string,
  side: 'opens' | 'closes',
): number {
  const day = minuteOfDay >= 1440 ? date.add({ days: 1 }) : date;
  const minute = minuteOfDay >= 1440 ? minuteOfDay - 1440 : minuteOfDay;
  const wallTime = day.toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 });
  const earlier = wallTime.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (!earlier.toPlainDateTime().equals(wallTime)) {
    // In a gap: "earlier" lies before the transition, so the next transition ends the gap.
    const transition = earlier.getTimeZoneTransition('next');
    return transition ? transition.epochMilliseconds : earlier.epochMilliseconds;
  }
  if (side === 'opens') return earlier.epochMilliseconds;
  return wallTime.toZonedDateTime(timeZone, { disambiguation: 'later' }).epochMilliseconds;
}

/** The real spans of a set of local intervals on one local date, merged and without empty ones. */
export function spansOnLocalDate(
  date: Temporal.PlainDate,
  intervals: readonly MinuteInterval[],
  timeZone: string,
): EpochSpan[] {
  const spans: EpochSpan[] = [];
  for (const interval of intervals) {
    const startMs = wallTimeToEpochMs(date, interval.startMinute, timeZone, 'opens');
    const endMs = wallTimeToEpochMs(date, interval.endMinute, timeZone, 'closes');
    if (endMs <= startMs) continue;
    const last = spans.at(-1);
    if (last && startMs <= last.endMs) last.endMs = Math.max(last.endMs, endMs);
    else spans.push({ startMs, endMs });
  }
  return spans;
}

/** The working spans of one local date (none on a non-working date). */
export function workingSpansOnLocalDate(compiled: CompiledCalendar, date: Temporal.PlainDate): EpochSpan[] {
  if (!isCompiledWorkingDate(compiled, date)) return [];
  return spansOnLocalDate(date, compiled.workingHours, compiled.timeZone);
}

/** How many consecutive days without working time mean a calendar never works again. */
export const maxDaysWithoutWorkingTime = 800;
