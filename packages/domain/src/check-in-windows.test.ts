import { describe, expect, it } from 'vitest';
import { defaultBusinessCalendar, type BusinessCalendar } from './business-calendar.ts';
import { checkInWindowsBetween, defaultCheckInWindows, nextCheckInWindow, validateCheckInWindows, type CheckInWindow } from './check-in-windows.ts';

const newYork: BusinessCalendar = { ...defaultBusinessCalendar({ timeZone: 'America/New_York' }), holidays: ['2026-01-01'] };
const berlin = defaultBusinessCalendar({ timeZone: 'Europe/Berlin' });
const shanghaiNationalDay2025: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  workingWeekdays: [1, 2, 3, 4, 5],
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
  makeUpWorkingDays: ['2025-09-28', '2025-10-11'],
};
const newYorkEveryDay: BusinessCalendar = { ...newYork, workingWeekdays: [1, 2, 3, 4, 5, 6, 7], holidays: [] };
const calendars = { newYork, berlin, shanghaiNationalDay2025, newYorkEveryDay };
type CalendarName = keyof typeof calendars;

const nightWindows: CheckInWindow[] = [{ opens: '02:00', closes: '02:30' }];
const foldWindows: CheckInWindow[] = [{ opens: '01:00', closes: '01:30' }];
const windowSets = { defaults: defaultCheckInWindows, nightWindows, foldWindows };

describe('nextCheckInWindow', () => {
  it.each<[string, CalendarName, keyof typeof windowSets, string, string, string]>([
    ['before the morning window', 'newYork', 'defaults', '2026-01-14T08:00:00-05:00', '2026-01-14T09:00:00-05:00', '2026-01-14T09:30:00-05:00'],
    ['exactly at the morning opening', 'newYork', 'defaults', '2026-01-14T09:00:00-05:00', '2026-01-14T09:00:00-05:00', '2026-01-14T09:30:00-05:00'],
    ['inside the morning window', 'newYork', 'defaults', '2026-01-14T09:10:00-05:00', '2026-01-14T09:00:00-05:00', '2026-01-14T09:30:00-05:00'],
    ['exactly at the morning close', 'newYork', 'defaults', '2026-01-14T09:30:00-05:00', '2026-01-14T17:30:00-05:00', '2026-01-14T18:00:00-05:00'],
    ['midday', 'newYork', 'defaults', '2026-01-14T12:00:00-05:00', '2026-01-14T17:30:00-05:00', '2026-01-14T18:00:00-05:00'],
    ['after the evening window', 'newYork', 'defaults', '2026-01-14T18:00:00-05:00', '2026-01-15T09:00:00-05:00', '2026-01-15T09:30:00-05:00'],
    ['Friday evening to Monday', 'newYork', 'defaults', '2026-01-16T18:30:00-05:00', '2026-01-19T09:00:00-05:00', '2026-01-19T09:30:00-05:00'],
    ['on New Year’s Eve night over the holiday', 'newYork', 'defaults', '2025-12-31T20:00:00-05:00', '2026-01-02T09:00:00-05:00', '2026-01-02T09:30:00-05:00'],
    ['over spring forward (New York)', 'newYork', 'defaults', '2026-03-06T18:00:00-05:00', '2026-03-09T09:00:00-04:00', '2026-03-09T09:30:00-04:00'],
    ['over fall back (New York)', 'newYork', 'defaults', '2026-10-30T18:00:00-04:00', '2026-11-02T09:00:00-05:00', '2026-11-02T09:30:00-05:00'],
    ['over spring forward (Berlin)', 'berlin', 'defaults', '2026-03-27T18:00:00+01:00', '2026-03-30T09:00:00+02:00', '2026-03-30T09:30:00+02:00'],
    ['over fall back (Berlin)', 'berlin', 'defaults', '2026-10-23T18:00:00+02:00', '2026-10-26T09:00:00+01:00', '2026-10-26T09:30:00+01:00'],
    ['to a make-up Sunday', 'shanghaiNationalDay2025', 'defaults', '2025-09-26T18:00:00+08:00', '2025-09-28T09:00:00+08:00', '2025-09-28T09:30:00+08:00'],
    ['over the holiday week', 'shanghaiNationalDay2025', 'defaults', '2025-09-30T18:00:00+08:00', '2025-10-09T09:00:00+08:00', '2025-10-09T09:30:00+08:00'],
    ['to a make-up Saturday evening', 'shanghaiNationalDay2025', 'defaults', '2025-10-11T12:00:00+08:00', '2025-10-11T17:30:00+08:00', '2025-10-11T18:00:00+08:00'],
    ['a window in the skipped hour does not happen that night', 'newYorkEveryDay', 'nightWindows', '2026-03-08T00:00:00-05:00', '2026-03-09T02:00:00-04:00', '2026-03-09T02:30:00-04:00'],
    ['a window just after the repeated hour keeps its local time', 'newYorkEveryDay', 'nightWindows', '2026-11-01T00:00:00-04:00', '2026-11-01T02:00:00-05:00', '2026-11-01T02:30:00-05:00'],
    ['a window in the repeated hour runs from its first opening to its last close', 'newYorkEveryDay', 'foldWindows', '2026-11-01T00:00:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-05:00'],
  ])('%s', (_title, calendarName, windowSetName, after, opensAt, closesAt) => {
    expect(nextCheckInWindow({ calendar: calendars[calendarName], windows: windowSets[windowSetName], after: new Date(after) })).toEqual({
      ok: true,
      opensAt: new Date(opensAt),
      closesAt: new Date(closesAt),
    });
  });

  it('uses the default windows when none are given', () => {
    expect(nextCheckInWindow({ calendar: newYork, after: new Date('2026-01-14T10:00:00-05:00') })).toMatchObject({
      opensAt: new Date('2026-01-14T17:30:00-05:00'),
    });
  });

  it('fails on a calendar without working days ahead', () => {
    const holidays: string[] = [];
    for (let day = 0; day < 1000; day++) holidays.push(new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10));
    expect(nextCheckInWindow({ calendar: { ...newYork, holidays }, after: new Date('2026-01-01T00:00:00Z') }).ok).toBe(false);
  });
});

describe('checkInWindowsBetween', () => {
  it('lists two windows a working day for a week', () => {
    const occurrences = checkInWindowsBetween({ calendar: newYork, from: new Date('2026-01-12T00:00:00-05:00'), to: new Date('2026-01-19T00:00:00-05:00') });
    expect(occurrences).toHaveLength(10);
    expect(occurrences[0]).toEqual({ opensAt: new Date('2026-01-12T09:00:00-05:00'), closesAt: new Date('2026-01-12T09:30:00-05:00') });
    expect(occurrences.at(-1)).toEqual({ opensAt: new Date('2026-01-16T17:30:00-05:00'), closesAt: new Date('2026-01-16T18:00:00-05:00') });
  });

  it.each([
    ['a window that opened before from is left out', '2026-01-14T09:10:00-05:00', '2026-01-14T23:00:00-05:00', ['2026-01-14T17:30:00-05:00']],
    ['to is exclusive', '2026-01-14T00:00:00-05:00', '2026-01-14T17:30:00-05:00', ['2026-01-14T09:00:00-05:00']],
    ['from is inclusive', '2026-01-14T09:00:00-05:00', '2026-01-14T09:01:00-05:00', ['2026-01-14T09:00:00-05:00']],
    ['an empty range', '2026-01-14T10:00:00-05:00', '2026-01-14T10:00:00-05:00', []],
    ['a backwards range', '2026-01-14T10:00:00-05:00', '2026-01-13T10:00:00-05:00', []],
    ['a weekend', '2026-01-17T00:00:00-05:00', '2026-01-19T00:00:00-05:00', []],
    ['the holiday', '2026-01-01T00:00:00-05:00', '2026-01-02T00:00:00-05:00', []],
  ])('%s', (_title, from, to, opensAt) => {
    expect(checkInWindowsBetween({ calendar: newYork, from: new Date(from), to: new Date(to) }).map((o) => o.opensAt)).toEqual(opensAt.map((iso) => new Date(iso)));
  });

  it('follows the make-up days of the Shanghai calendar', () => {
    const occurrences = checkInWindowsBetween({
      calendar: shanghaiNationalDay2025,
      windows: [{ opens: '09:00', closes: '09:30' }],
      from: new Date('2025-09-26T00:00:00+08:00'),
      to: new Date('2025-10-13T00:00:00+08:00'),
    });
    expect(occurrences.map((o) => o.opensAt.toISOString().slice(0, 10))).toEqual(['2025-09-26', '2025-09-28', '2025-09-29', '2025-09-30', '2025-10-09', '2025-10-10', '2025-10-11']);
  });
});

describe('validateCheckInWindows', () => {
  it('sorts valid windows', () => {
    expect(validateCheckInWindows({ windows: [...defaultCheckInWindows].reverse() })).toEqual({ ok: true, windows: [...defaultCheckInWindows] });
  });

  it.each<[string, CheckInWindow[], string]>([
    ['no windows', [], 'windows'],
    ['a bad opening time', [{ opens: '9am', closes: '09:30' }], 'windows[0].opens'],
    ['a bad closing time', [{ opens: '09:00', closes: '09:61' }], 'windows[0].closes'],
    ['a window closing before it opens', [{ opens: '09:30', closes: '09:00' }], 'windows[0].closes'],
    ['overlapping windows', [{ opens: '09:00', closes: '10:00' }, { opens: '09:45', closes: '10:15' }], 'windows[1]'],
  ])('rejects %s', (_title, windows, field) => {
    expect(validateCheckInWindows({ windows })).toMatchObject({ ok: false, field });
  });
});
