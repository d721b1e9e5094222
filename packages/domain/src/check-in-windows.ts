import type { BusinessCalendar, FieldFailure } from './business-calendar.ts';
import {
  compileBusinessCalendar,
  isCompiledWorkingDate,
  localDateOfEpochMs,
  maxDaysWithoutWorkingTime,
  parseLocalTimeToMinuteOfDay,
  wallTimeToEpochMs,
} from './business-calendar-spans.ts';

/** A check-in window in local time on each working day, "HH:MM" to "HH:MM". */
export interface CheckInWindow {
  opens: string;
  closes: string;
}

/** One concrete window: the instants it opens and closes. */
export interface CheckInWindowOccurrence {
  opensAt: Date;
  closesAt: Date;
}

/** Morning 09:00–09:30 and evening 17:30–18:00, the default check-ins. */
export const defaultCheckInWindows: readonly CheckInWindow[] = [
  { opens: '09:00', closes: '09:30' },
  { opens: '17:30', closes: '18:00' },
];

/** Checks check-in windows (valid times, each opens before it closes, none overlap) and sorts them. */
export function validateCheckInWindows({
  windows,
}: {
  windows: readonly CheckInWindow[];
}): { ok: true; windows: CheckInWindow[] } | FieldFailure {
  if (!Array.isArray(windows) || windows.length === 0) return { ok: false, reason: 'at least one check-in window is required', field: 'windows' };
  const parsed: { window: CheckInWindow; opensMinute: number; closesMinute: number; index: number }[] = [];
  for (const [index, window] of windows.entries()) {
    const opensMinute = parseLocalTimeToMinuteOfDay(window?.opens);
    if (opensMinute === null || opensMinute === 1440) return { ok: false, reason: 'opens is HH:MM between 00:00 and 23:59', field: `windows[${index}].opens` };
    const closesMinute = parseLocalTimeToMinuteOfDay(window.closes);
    if (closesMinute === null) return { ok: false, reason: 'closes is HH:MM between 00:01 and 24:00', field: `windows[${index}].closes` };
    if (closesMinute <= opensMinute) return { ok: false, reason: `the window ${window.opens}–${window.closes} closes before it opens`, field: `windows[${index}].closes` };
    parsed.push({ window: { opens: window.opens, closes: window.closes }, opensMinute, closesMinute, index });
  }
  parsed.sort((a, b) => a.opensMinute - b.opensMinute);
  for (let position = 1; position < parsed.length; position++) {
    if (parsed[position]!.opensMinute < parsed[position - 1]!.closesMinute) {
      return { ok: false, reason: 'check-in windows must not overlap', field: `windows[${parsed[position]!.index}]` };
    }
  }
  return { ok: true, windows: parsed.map(({ window }) => window) };
}

function* checkInWindowOccurrencesFrom({
  calendar,
  windows,
  fromMs,
}: {
  calendar: BusinessCalendar;
  windows: readonly CheckInWindow[];
  fromMs: number;
}): Generator<CheckInWindowOccurrence> {
  const compiled = compileBusinessCalendar(calendar);
  const minuteWindows = windows
    .map((window) => ({ opensMinute: parseLocalTimeToMinuteOfDay(window.opens) ?? 0, closesMinute: parseLocalTimeToMinuteOfDay(window.closes) ?? 0 }))
    .sort((a, b) => a.opensMinute - b.opensMinute);
  let date = localDateOfEpochMs(fromMs, compiled.timeZone).subtract({ days: 1 });
  let daysWithoutWindow = 0;
  while (daysWithoutWindow < maxDaysWithoutWorkingTime) {
    let windowToday = false;
    if (isCompiledWorkingDate(compiled, date)) {
      for (const window of minuteWindows) {
        const opensAtMs = wallTimeToEpochMs(date, window.opensMinute, compiled.timeZone, 'opens');
        const closesAtMs = wallTimeToEpochMs(date, window.closesMinute, compiled.timeZone, 'closes');
        if (closesAtMs <= opensAtMs || closesAtMs <= fromMs) continue;
        windowToday = true;
        yield { opensAt: new Date(opensAtMs), closesAt: new Date(closesAtMs) };
      }
    }
    daysWithoutWindow = windowToday ? 0 : daysWithoutWindow + 1;
    date = date.add({ days: 1 });
  }
}

/** The next check-in window that contains `after` or opens after it, on the calendar's working days. */
export function nextCheckInWindow({
  calendar,
  windows = defaultCheckInWindows,
  after,
}: {
  calendar: BusinessCalendar;
  windows?: readonly CheckInWindow[];
  after: Date;
}): ({ ok: true } & CheckInWindowOccurrence) | { ok: false; reason: string } {
  for (const occurrence of checkInWindowOccurrencesFrom({ calendar, windows, fromMs: after.getTime() })) {
    return { ok: true, ...occurrence };
  }
  return { ok: false, reason: `the calendar has no check-in window in ${maxDaysWithoutWorkingTime} days` };
}

/** Every check-in window that opens in [from, to), in order — what an alert job schedules. */
export function checkInWindowsBetween({
  calendar,
  windows = defaultCheckInWindows,
  from,
  to,
}: {
  calendar: BusinessCalendar;
  windows?: readonly CheckInWindow[];
  from: Date;
  to: Date;
}): CheckInWindowOccurrence[] {
  const occurrences: CheckInWindowOccurrence[] = [];
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return occurrences;
  for (const occurrence of checkInWindowOccurrencesFrom({ calendar, windows, fromMs })) {
    if (occurrence.opensAt.getTime() >= toMs) break;
    if (occurrence.opensAt.getTime() >= fromMs) occurrences.push(occurrence);
  }
  return occurrences;
}
