import { Temporal } from '@js-temporal/polyfill';
import {
  compileBusinessCalendar,
  isCompiledWorkingDate,
  localDateOfEpochMs,
  maxDaysWithoutWorkingTime,
  parseLocalTimeToMinuteOfDay,
  workingSpansOnLocalDate,
} from './business-calendar-spans.ts';

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Local working hours, "HH:MM" to "HH:MM" (end may be "24:00"), half-open. */
export interface LocalTimeInterval {
  start: string;
  end: string;
}

/**
 * A workspace's business calendar. Working hours apply to every working day; holidays remove a
 * working weekday; make-up working days are weekend dates worked with the same hours. Dates are
 * local YYYY-MM-DD in `timeZone`.
 */
export interface BusinessCalendar {
  timeZone: string;
  workingWeekdays: readonly IsoWeekday[];
  workingHours: readonly LocalTimeInterval[];
  holidays: readonly string[];
  makeUpWorkingDays: readonly string[];
}

/** A failure that names the offending field, ready for a 4xx answer. */
export interface FieldFailure {
  ok: false;
  reason: string;
  field: string;
}

/** Monday to Friday, 09:00–18:00, no holidays: what a new workspace starts with. */
export function defaultBusinessCalendar({ timeZone }: { timeZone: string }): BusinessCalendar {
  return { timeZone, workingWeekdays: [1, 2, 3, 4, 5], workingHours: [{ start: '09:00', end: '18:00' }], holidays: [], makeUpWorkingDays: [] };
}

/** Says whether a string names a time zone the platform knows (IANA names and "UTC", not bare offsets). */
export function isKnownTimeZone({ timeZone }: { timeZone: string }): boolean {
  if (typeof timeZone !== 'string' || !/^[A-Za-z]/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone);
    return true;
  } catch {
    return false;
  }
}

// Years 1900–2999: PostgreSQL has no year 0, and no calendar here means one far off.
const isoDatePattern = /^(19|2\d)\d{2}-\d{2}-\d{2}$/;

/** Parses a strict YYYY-MM-DD that is a real date, or null. */
export function parseIsoDate({ text }: { text: string }): Temporal.PlainDate | null {
  if (typeof text !== 'string' || !isoDatePattern.test(text)) return null;
  try {
    return Temporal.PlainDate.from(text, { overflow: 'reject' });
  } catch {
    return null;
  }
}

/** Checks a business calendar and returns it normalized (sorted, deduplicated), or names the bad field. */
export function validateBusinessCalendar({
  calendar,
}: {
  calendar: BusinessCalendar;
}): { ok: true; calendar: BusinessCalendar } | FieldFailure {
  if (!calendar || typeof calendar !== 'object') return { ok: false, reason: 'a calendar is required', field: 'calendar' };
  if (!isKnownTimeZone({ timeZone: calendar.timeZone })) {
    return { ok: false, reason: `"${String(calendar.timeZone)}" is not a known IANA time zone`, field: 'timeZone' };
  }

  if (!Array.isArray(calendar.workingWeekdays) || calendar.workingWeekdays.length === 0) {
    return { ok: false, reason: 'at least one working weekday is required', field: 'workingWeekdays' };
  }
  const weekdays = new Set<IsoWeekday>();
  for (const [index, weekday] of calendar.workingWeekdays.entries()) {
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      return { ok: false, reason: 'a weekday is 1 (Monday) to 7 (Sunday)', field: `workingWeekdays[${index}]` };
    }
    weekdays.add(weekday);
  }

  if (!Array.isArray(calendar.workingHours) || calendar.workingHours.length === 0) {
    return { ok: false, reason: 'at least one working-hours interval is required', field: 'workingHours' };
  }
  const intervals: { start: string; end: string; startMinute: number; endMinute: number; index: number }[] = [];
  for (const [index, interval] of calendar.workingHours.entries()) {
    const startMinute = parseLocalTimeToMinuteOfDay(interval?.start);
    if (startMinute === null || startMinute === 1440) {
      return { ok: false, reason: 'a start time is HH:MM between 00:00 and 23:59', field: `workingHours[${index}].start` };
    }
    const endMinute = parseLocalTimeToMinuteOfDay(interval.end);
    if (endMinute === null) return { ok: false, reason: 'an end time is HH:MM between 00:01 and 24:00', field: `workingHours[${index}].end` };
    if (endMinute <= startMinute) {
      return { ok: false, reason: `the interval ${interval.start}–${interval.end} ends before it starts`, field: `workingHours[${index}].end` };
    }
    intervals.push({ start: interval.start, end: interval.end, startMinute, endMinute, index });
  }
  intervals.sort((a, b) => a.startMinute - b.startMinute);
  for (let position = 1; position < intervals.length; position++) {
    const previous = intervals[position - 1]!;
    const current = intervals[position]!;
    if (current.startMinute < previous.endMinute) {
      return {
        ok: false,
        reason: `the interval ${current.start}–${current.end} overlaps ${previous.start}–${previous.end}`,
        field: `workingHours[${current.index}]`,
      };
    }
  }

  const holidays = new Set<string>();
  for (const [index, text] of (calendar.holidays ?? []).entries()) {
    if (!parseIsoDate({ text })) return { ok: false, reason: `"${String(text)}" is not a date (YYYY-MM-DD)`, field: `holidays[${index}]` };
    holidays.add(text);
  }
  const makeUpWorkingDays = new Set<string>();
  for (const [index, text] of (calendar.makeUpWorkingDays ?? []).entries()) {
    const date = parseIsoDate({ text });
    if (!date) return { ok: false, reason: `"${String(text)}" is not a date (YYYY-MM-DD)`, field: `makeUpWorkingDays[${index}]` };
    if (holidays.has(text)) return { ok: false, reason: `${text} is both a holiday and a make-up working day`, field: `makeUpWorkingDays[${index}]` };
    if (weekdays.has(date.dayOfWeek as IsoWeekday)) {
      return { ok: false, reason: `${text} is already a working weekday`, field: `makeUpWorkingDays[${index}]` };
    }
    makeUpWorkingDays.add(text);
  }

  return {
    ok: true,
    calendar: {
      timeZone: calendar.timeZone,
      workingWeekdays: [...weekdays].sort((a, b) => a - b),
      workingHours: intervals.map(({ start, end }) => ({ start, end })),
      holidays: [...holidays].sort(),
      makeUpWorkingDays: [...makeUpWorkingDays].sort(),
    },
  };
}

/**
 * Parses a pasted list of dates (one a line or comma-separated, YYYY-MM-DD) into sorted unique
 * dates, or names the line and the entry that is not a date.
 */
export function parseBusinessDateList({
  text,
}: {
  text: string;
}): { ok: true; dates: string[] } | { ok: false; reason: string; line: number } {
  const dates = new Set<string>();
  const lines = String(text ?? '').split(/\r\n|\r|\n/);
  for (const [lineIndex, line] of lines.entries()) {
    for (const rawEntry of line.split(/[,，]/)) {
      const entry = rawEntry.trim();
      if (entry === '') continue;
      if (!parseIsoDate({ text: entry })) {
        return { ok: false, reason: `line ${lineIndex + 1}: "${entry}" is not a date (YYYY-MM-DD)`, line: lineIndex + 1 };
      }
      dates.add(entry);
    }
  }
  return { ok: true, dates: [...dates].sort() };
}

/** Says whether a local date (YYYY-MM-DD) is a working day on the calendar. */
export function isBusinessDate({ calendar, date }: { calendar: BusinessCalendar; date: string }): boolean {
  const plainDate = parseIsoDate({ text: date });
  return plainDate !== null && isCompiledWorkingDate(compileBusinessCalendar(calendar), plainDate);
}

/**
 * How far ahead a deadline may fall: past it, `addBusinessMinutes` gives up rather than walk the
 * calendar day by day for years (a huge target on a calendar with little working time).
 */
export const maxDeadlineDays = 3 * 366;

/**
 * The earliest instant at which `minutes` business minutes have elapsed since `start` (0 gives
 * `start` itself; a deadline that ends a working interval is that interval's close).
 */
export function addBusinessMinutes({
  calendar,
  start,
  minutes,
}: {
  calendar: BusinessCalendar;
  start: Date;
  minutes: number;
}): { ok: true; at: Date } | { ok: false; reason: string } {
  if (!Number.isFinite(minutes) || minutes < 0) return { ok: false, reason: 'minutes must be zero or more' };
  const startMs = start.getTime();
  if (!Number.isFinite(startMs)) return { ok: false, reason: 'start is not a valid instant' };
  let remainingMs = Math.round(minutes * 60_000);
  if (remainingMs === 0) return { ok: true, at: new Date(startMs) };

  const compiled = compileBusinessCalendar(calendar);
  let date = localDateOfEpochMs(startMs, compiled.timeZone).subtract({ days: 1 });
  let daysWithoutWorkingTime = 0;
  for (let day = 0; day <= maxDeadlineDays && daysWithoutWorkingTime < maxDaysWithoutWorkingTime; day += 1) {
    let workedToday = false;
    for (const span of workingSpansOnLocalDate(compiled, date)) {
      if (span.endMs <= startMs) continue;
      workedToday = true;
      const spanStartMs = Math.max(span.startMs, startMs);
      const spanLengthMs = span.endMs - spanStartMs;
      if (remainingMs <= spanLengthMs) return { ok: true, at: new Date(spanStartMs + remainingMs) };
      remainingMs -= spanLengthMs;
    }
    daysWithoutWorkingTime = workedToday ? 0 : daysWithoutWorkingTime + 1;
    date = date.add({ days: 1 });
  }
  return daysWithoutWorkingTime >= maxDaysWithoutWorkingTime
    ? { ok: false, reason: `the calendar has no working time in ${maxDaysWithoutWorkingTime} days` }
    : { ok: false, reason: `the deadline would fall more than ${Math.floor(maxDeadlineDays / 366)} years ahead on this calendar` };
}

/** Business minutes between two instants (negative when `to` is before `from`; may be fractional). */
export function businessMinutesBetween({ calendar, from, to }: { calendar: BusinessCalendar; from: Date; to: Date }): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs < fromMs) return -businessMinutesBetween({ calendar, from: to, to: from });
  const compiled = compileBusinessCalendar(calendar);
  const lastDate = localDateOfEpochMs(toMs, compiled.timeZone).add({ days: 1 });
  let totalMs = 0;
  for (
    let date = localDateOfEpochMs(fromMs, compiled.timeZone).subtract({ days: 1 });
    Temporal.PlainDate.compare(date, lastDate) <= 0;
    date = date.add({ days: 1 })
  ) {
    for (const span of workingSpansOnLocalDate(compiled, date)) {
      const overlapMs = Math.min(span.endMs, toMs) - Math.max(span.startMs, fromMs);
      if (overlapMs > 0) totalMs += overlapMs;
    }
  }
  return totalMs / 60_000;
}
