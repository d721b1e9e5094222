import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  defaultBusinessCalendar,
  isBusinessDate,
  isKnownTimeZone,
  parseBusinessDateList,
  validateBusinessCalendar,
  type BusinessCalendar,
} from './business-calendar.ts';

const newYorkWithLunch: BusinessCalendar = {
  timeZone: 'America/New_York',
  workingWeekdays: [1, 2, 3, 4, 5],
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
  holidays: ['2026-01-01'],
  makeUpWorkingDays: [],
};
const newYorkOfficeHours = defaultBusinessCalendar({ timeZone: 'America/New_York' });
const berlinOfficeHours: BusinessCalendar = { ...defaultBusinessCalendar({ timeZone: 'Europe/Berlin' }), holidays: ['2026-12-25', '2027-01-01'] };
// National Day 2025 in mainland China: Oct 1–8 off, Sunday Sep 28 and Saturday Oct 11 worked.
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
const newYorkNightShift: BusinessCalendar = {
  timeZone: 'America/New_York',
  workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
  workingHours: [{ start: '00:00', end: '06:00' }],
  holidays: [],
  makeUpWorkingDays: [],
};
const berlinNightShift: BusinessCalendar = { ...newYorkNightShift, timeZone: 'Europe/Berlin', workingHours: [{ start: '01:00', end: '04:00' }] };
const newYorkAroundTheClock: BusinessCalendar = { ...newYorkNightShift, workingHours: [{ start: '00:00', end: '24:00' }] };
const berlinAroundTheClock: BusinessCalendar = { ...newYorkAroundTheClock, timeZone: 'Europe/Berlin' };
const newYorkInsideTheGap: BusinessCalendar = { ...newYorkNightShift, workingHours: [{ start: '02:00', end: '02:45' }, { start: '05:00', end: '06:00' }] };
const newYorkStraddlingTheGap: BusinessCalendar = { ...newYorkNightShift, workingHours: [{ start: '02:30', end: '04:00' }] };

const calendars = {
  newYorkWithLunch,
  newYorkOfficeHours,
  berlinOfficeHours,
  shanghaiNationalDay2025,
  newYorkNightShift,
  berlinNightShift,
  newYorkAroundTheClock,
  berlinAroundTheClock,
  newYorkInsideTheGap,
  newYorkStraddlingTheGap,
} satisfies Record<string, BusinessCalendar>;
type CalendarName = keyof typeof calendars;

function addOrThrow(calendar: BusinessCalendar, start: string, minutes: number): string {
  const result = addBusinessMinutes({ calendar, start: new Date(start), minutes });
  if (!result.ok) throw new Error(result.reason);
  return result.at.toISOString();
}

describe('addBusinessMinutes', () => {
  it.each<[string, CalendarName, string, number, string]>([
    // Starts outside working hours.
    ['before opening', 'newYorkWithLunch', '2026-01-14T07:00:00-05:00', 60, '2026-01-14T10:00:00-05:00'],
    ['at lunch', 'newYorkWithLunch', '2026-01-14T12:30:00-05:00', 60, '2026-01-14T14:00:00-05:00'],
    ['across lunch', 'newYorkWithLunch', '2026-01-14T11:30:00-05:00', 60, '2026-01-14T13:30:00-05:00'],
    ['after closing', 'newYorkWithLunch', '2026-01-14T19:00:00-05:00', 60, '2026-01-15T10:00:00-05:00'],
    ['on a Saturday', 'newYorkWithLunch', '2026-01-17T11:00:00-05:00', 60, '2026-01-19T10:00:00-05:00'],
    ['on a Sunday night', 'newYorkWithLunch', '2026-01-18T23:59:00-05:00', 1, '2026-01-19T09:01:00-05:00'],
    ['at exactly the opening', 'newYorkWithLunch', '2026-01-14T09:00:00-05:00', 1, '2026-01-14T09:01:00-05:00'],
    ['ending exactly at lunch', 'newYorkWithLunch', '2026-01-14T11:00:00-05:00', 60, '2026-01-14T12:00:00-05:00'],
    ['ending exactly at closing', 'newYorkWithLunch', '2026-01-14T17:00:00-05:00', 60, '2026-01-14T18:00:00-05:00'],
    ['from Friday to Monday', 'newYorkWithLunch', '2026-01-16T17:00:00-05:00', 120, '2026-01-19T10:00:00-05:00'],
    // Zero minutes return the start, even outside working hours.
    ['zero minutes in hours', 'newYorkWithLunch', '2026-01-14T10:15:00-05:00', 0, '2026-01-14T10:15:00-05:00'],
    ['zero minutes on a weekend', 'newYorkWithLunch', '2026-01-17T11:00:00-05:00', 0, '2026-01-17T11:00:00-05:00'],
    // Year end across a holiday.
    ['Dec 31 to Jan 2 across New Year', 'newYorkWithLunch', '2025-12-31T17:00:00-05:00', 120, '2026-01-02T10:00:00-05:00'],
    ['Dec 31 to Jan 4 in Berlin', 'berlinOfficeHours', '2026-12-31T17:00:00+01:00', 120, '2027-01-04T10:00:00+01:00'],
    ['Christmas Eve to after Christmas', 'berlinOfficeHours', '2026-12-24T17:00:00+01:00', 540, '2026-12-28T17:00:00+01:00'],
    // Several weeks.
    ['three weeks of full days', 'newYorkWithLunch', '2026-01-12T09:00:00-05:00', 7200, '2026-01-30T18:00:00-05:00'],
    ['two weeks across spring forward (New York)', 'newYorkOfficeHours', '2026-03-02T09:00:00-05:00', 5400, '2026-03-13T18:00:00-04:00'],
    ['two weeks across spring forward (Berlin)', 'berlinOfficeHours', '2026-03-23T09:00:00+01:00', 5400, '2026-04-03T18:00:00+02:00'],
    ['six weeks across fall back (Berlin)', 'berlinOfficeHours', '2026-10-05T09:00:00+02:00', 16200, '2026-11-13T18:00:00+01:00'],
    ['a year of office hours (New York)', 'newYorkOfficeHours', '2026-01-05T09:00:00-05:00', 540 * 259, '2026-12-31T18:00:00-05:00'],
    // Weekends across DST changes: local opening times stay local.
    ['Friday to Monday over spring forward (New York)', 'newYorkOfficeHours', '2026-03-06T17:00:00-05:00', 120, '2026-03-09T10:00:00-04:00'],
    ['Friday to Monday over fall back (New York)', 'newYorkOfficeHours', '2026-10-30T17:00:00-04:00', 120, '2026-11-02T10:00:00-05:00'],
    ['Friday to Monday over spring forward (Berlin)', 'berlinOfficeHours', '2026-03-27T17:00:00+01:00', 120, '2026-03-30T10:00:00+02:00'],
    ['Friday to Monday over fall back (Berlin)', 'berlinOfficeHours', '2026-10-23T17:00:00+02:00', 120, '2026-10-26T10:00:00+01:00'],
    // Working intervals that contain the DST change itself.
    ['a night shift losing the skipped hour (New York)', 'newYorkNightShift', '2026-03-08T00:00:00-05:00', 300, '2026-03-08T06:00:00-04:00'],
    ['a night shift past the short night (New York)', 'newYorkNightShift', '2026-03-08T00:00:00-05:00', 301, '2026-03-09T00:01:00-04:00'],
    ['a night shift gaining the repeated hour (New York)', 'newYorkNightShift', '2026-11-01T00:00:00-04:00', 420, '2026-11-01T06:00:00-05:00'],
    ['within the repeated hour (New York)', 'newYorkNightShift', '2026-11-01T00:30:00-04:00', 60, '2026-11-01T01:30:00-04:00'],
    ['into the second pass of the repeated hour (New York)', 'newYorkNightShift', '2026-11-01T00:30:00-04:00', 90, '2026-11-01T01:00:00-05:00'],
    ['a night shift losing the skipped hour (Berlin)', 'berlinNightShift', '2026-03-29T01:00:00+01:00', 150, '2026-03-30T01:30:00+02:00'],
    ['a night shift gaining the repeated hour (Berlin)', 'berlinNightShift', '2026-10-25T01:00:00+02:00', 240, '2026-10-25T04:00:00+01:00'],
    ['an interval opening inside the gap opens when the gap ends', 'newYorkStraddlingTheGap', '2026-03-08T00:00:00-05:00', 30, '2026-03-08T03:30:00-04:00'],
    ['an interval wholly inside the gap does not exist that night', 'newYorkInsideTheGap', '2026-03-08T00:00:00-05:00', 30, '2026-03-08T05:30:00-04:00'],
    ['around the clock over spring forward', 'newYorkAroundTheClock', '2026-03-07T23:00:00-05:00', 240, '2026-03-08T04:00:00-04:00'],
    // Asia/Shanghai: no DST, a holiday week and make-up weekend days.
    ['into a make-up Sunday', 'shanghaiNationalDay2025', '2025-09-26T17:00:00+08:00', 120, '2025-09-28T10:00:00+08:00'],
    ['over the National Day holiday week', 'shanghaiNationalDay2025', '2025-09-30T17:00:00+08:00', 480, '2025-10-09T17:00:00+08:00'],
    ['into a make-up Saturday', 'shanghaiNationalDay2025', '2025-10-10T17:00:00+08:00', 120, '2025-10-11T10:00:00+08:00'],
    ['from a holiday into the next working day', 'shanghaiNationalDay2025', '2025-10-05T10:00:00+08:00', 240, '2025-10-09T14:00:00+08:00'],
    ['a normal Sunday after the make-up Saturday', 'shanghaiNationalDay2025', '2025-10-11T17:30:00+08:00', 60, '2025-10-13T09:30:00+08:00'],
  ])('%s', (_title, calendarName, start, minutes, expected) => {
    expect(addOrThrow(calendars[calendarName], start, minutes)).toBe(new Date(expected).toISOString());
  });

  it.each([
    [-1, 'minutes must be zero or more'],
    [Number.NaN, 'minutes must be zero or more'],
    [Number.POSITIVE_INFINITY, 'minutes must be zero or more'],
  ])('rejects %s minutes', (minutes, reason) => {
    expect(addBusinessMinutes({ calendar: newYorkWithLunch, start: new Date('2026-01-14T10:00:00Z'), minutes })).toEqual({ ok: false, reason });
  });

  it('rejects an invalid start', () => {
    expect(addBusinessMinutes({ calendar: newYorkWithLunch, start: new Date('nope'), minutes: 5 }).ok).toBe(false);
  });

  it('gives up on a calendar that never works again', () => {
    const holidays: string[] = [];
    for (let day = 0; day < 1000; day++) holidays.push(new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10));
    const result = addBusinessMinutes({ calendar: { ...newYorkWithLunch, holidays }, start: new Date('2026-01-01T00:00:00Z'), minutes: 1 });
    expect(result.ok).toBe(false);
  });
});

describe('businessMinutesBetween', () => {
  it.each<[string, CalendarName, string, string, number]>([
    ['a full day with lunch', 'newYorkWithLunch', '2026-01-14T00:00:00-05:00', '2026-01-15T00:00:00-05:00', 480],
    ['within one interval', 'newYorkWithLunch', '2026-01-14T09:15:00-05:00', '2026-01-14T09:45:00-05:00', 30],
    ['the lunch hour alone', 'newYorkWithLunch', '2026-01-14T12:00:00-05:00', '2026-01-14T13:00:00-05:00', 0],
    ['a weekend alone', 'newYorkWithLunch', '2026-01-17T00:00:00-05:00', '2026-01-19T00:00:00-05:00', 0],
    ['the same instant', 'newYorkWithLunch', '2026-01-14T10:00:00-05:00', '2026-01-14T10:00:00-05:00', 0],
    ['backwards is negative', 'newYorkWithLunch', '2026-01-14T10:30:00-05:00', '2026-01-14T10:00:00-05:00', -30],
    ['seconds count as fractions', 'newYorkWithLunch', '2026-01-14T10:00:00-05:00', '2026-01-14T10:00:30-05:00', 0.5],
    ['a week over New Year', 'newYorkWithLunch', '2025-12-29T00:00:00-05:00', '2026-01-05T00:00:00-05:00', 4 * 480],
    ['the spring-forward night loses an hour (New York)', 'newYorkNightShift', '2026-03-08T00:00:00-05:00', '2026-03-08T12:00:00-04:00', 300],
    ['the fall-back night gains an hour (New York)', 'newYorkNightShift', '2026-11-01T00:00:00-04:00', '2026-11-01T12:00:00-05:00', 420],
    ['an ordinary night (New York)', 'newYorkNightShift', '2026-03-07T00:00:00-05:00', '2026-03-07T12:00:00-05:00', 360],
    ['the spring-forward night loses an hour (Berlin)', 'berlinNightShift', '2026-03-29T00:00:00+01:00', '2026-03-29T12:00:00+02:00', 120],
    ['the fall-back night gains an hour (Berlin)', 'berlinNightShift', '2026-10-25T00:00:00+02:00', '2026-10-25T12:00:00+01:00', 240],
    ['the spring-forward day has 23 hours (New York)', 'newYorkAroundTheClock', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 1380],
    ['the fall-back day has 25 hours (New York)', 'newYorkAroundTheClock', '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 1500],
    ['the spring-forward day has 23 hours (Berlin)', 'berlinAroundTheClock', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 1380],
    ['the fall-back day has 25 hours (Berlin)', 'berlinAroundTheClock', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 1500],
    ['a working week spanning spring forward (New York)', 'newYorkOfficeHours', '2026-03-06T00:00:00-05:00', '2026-03-10T00:00:00-04:00', 1080],
    ['a working week spanning fall back (Berlin)', 'berlinOfficeHours', '2026-10-23T00:00:00+02:00', '2026-10-27T00:00:00+01:00', 1080],
    ['an interval straddling the gap keeps only real time', 'newYorkStraddlingTheGap', '2026-03-08T00:00:00-05:00', '2026-03-08T12:00:00-04:00', 60],
    ['an interval inside the gap has no time that night', 'newYorkInsideTheGap', '2026-03-08T00:00:00-05:00', '2026-03-08T12:00:00-04:00', 60],
    ['the same intervals on an ordinary night', 'newYorkInsideTheGap', '2026-03-09T00:00:00-04:00', '2026-03-09T12:00:00-04:00', 105],
    ['the National Day fortnight counts make-up days', 'shanghaiNationalDay2025', '2025-09-26T09:00:00+08:00', '2025-10-11T18:00:00+08:00', 7 * 480],
    ['the holiday week alone', 'shanghaiNationalDay2025', '2025-10-01T00:00:00+08:00', '2025-10-09T00:00:00+08:00', 0],
    ['a year of New York office hours', 'newYorkOfficeHours', '2026-01-01T00:00:00-05:00', '2027-01-01T00:00:00-05:00', 261 * 540],
  ])('%s', (_title, calendarName, from, to, expected) => {
    expect(businessMinutesBetween({ calendar: calendars[calendarName], from: new Date(from), to: new Date(to) })).toBe(expected);
  });
});

describe('businessMinutesBetween(start, addBusinessMinutes(start, n))', () => {
  const starts: [CalendarName, string][] = [
    ['newYorkWithLunch', '2026-01-14T07:00:00-05:00'],
    ['newYorkWithLunch', '2026-01-14T12:30:00-05:00'],
    ['newYorkWithLunch', '2026-01-16T17:59:00-05:00'],
    ['newYorkWithLunch', '2025-12-31T16:00:00-05:00'],
    ['newYorkOfficeHours', '2026-03-06T15:00:00-05:00'],
    ['newYorkOfficeHours', '2026-10-30T15:00:00-04:00'],
    ['berlinOfficeHours', '2026-03-27T15:00:00+01:00'],
    ['berlinOfficeHours', '2026-10-23T15:00:00+02:00'],
    ['berlinOfficeHours', '2026-12-23T10:00:00+01:00'],
    ['shanghaiNationalDay2025', '2025-09-25T11:00:00+08:00'],
    ['shanghaiNationalDay2025', '2025-10-03T11:00:00+08:00'],
    ['newYorkNightShift', '2026-03-07T04:00:00-05:00'],
    ['newYorkNightShift', '2026-10-31T04:00:00-04:00'],
    ['berlinNightShift', '2026-10-24T03:00:00+02:00'],
    ['newYorkAroundTheClock', '2026-11-01T00:30:00-04:00'],
    ['newYorkStraddlingTheGap', '2026-03-07T03:00:00-05:00'],
  ];
  const minuteCounts = [0, 1, 29, 60, 119, 120, 479, 480, 481, 2400, 10_080];
  const cases = starts.flatMap(([calendarName, start]) => minuteCounts.map((minutes) => [calendarName, start, minutes] as const));

  it.each(cases)('%s from %s plus %i minutes', (calendarName, start, minutes) => {
    const calendar = calendars[calendarName];
    const end = addBusinessMinutes({ calendar, start: new Date(start), minutes });
    if (!end.ok) throw new Error(end.reason);
    expect(businessMinutesBetween({ calendar, from: new Date(start), to: end.at })).toBe(minutes);
  });
});

describe('validateBusinessCalendar', () => {
  it('accepts and normalizes a calendar', () => {
    expect(
      validateBusinessCalendar({
        calendar: {
          ...shanghaiNationalDay2025,
          workingWeekdays: [5, 1, 2, 3, 4, 1],
          workingHours: [
            { start: '13:00', end: '18:00' },
            { start: '09:00', end: '12:00' },
          ],
          holidays: ['2025-10-02', '2025-10-01', '2025-10-01'],
        },
      }),
    ).toEqual({
      ok: true,
      calendar: {
        ...shanghaiNationalDay2025,
        workingWeekdays: [1, 2, 3, 4, 5],
        holidays: ['2025-10-01', '2025-10-02'],
      },
    });
  });

  it.each([
    [{ start: '09:00', end: '12:00' }, { start: '12:00', end: '18:00' }],
    [{ start: '00:00', end: '24:00' }],
    [{ start: '22:00', end: '23:59' }],
  ])('accepts adjacent and whole-day intervals %j', (...workingHours) => {
    expect(validateBusinessCalendar({ calendar: { ...newYorkWithLunch, workingHours } }).ok).toBe(true);
  });

  it.each<[string, Partial<BusinessCalendar> & Record<string, unknown>, string]>([
    ['an unknown zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['a bare offset', { timeZone: '+08:00' }, 'timeZone'],
    ['an empty zone', { timeZone: '' }, 'timeZone'],
    ['no working weekdays', { workingWeekdays: [] }, 'workingWeekdays'],
    ['weekday 0', { workingWeekdays: [0 as never] }, 'workingWeekdays[0]'],
    ['weekday 8', { workingWeekdays: [1, 8 as never] }, 'workingWeekdays[1]'],
    ['no working hours', { workingHours: [] }, 'workingHours'],
    ['an inverted interval', { workingHours: [{ start: '18:00', end: '09:00' }] }, 'workingHours[0].end'],
    ['an empty interval', { workingHours: [{ start: '09:00', end: '09:00' }] }, 'workingHours[0].end'],
    ['overlapping intervals', { workingHours: [{ start: '13:00', end: '18:00' }, { start: '09:00', end: '13:30' }] }, 'workingHours[0]'],
    ['a start of 24:00', { workingHours: [{ start: '24:00', end: '24:00' }] }, 'workingHours[0].start'],
    ['an hour of 25', { workingHours: [{ start: '09:00', end: '25:00' }] }, 'workingHours[0].end'],
    ['a one-digit hour', { workingHours: [{ start: '9:00', end: '18:00' }] }, 'workingHours[0].start'],
    ['minute 60', { workingHours: [{ start: '09:60', end: '18:00' }] }, 'workingHours[0].start'],
    ['a holiday on Feb 30', { holidays: ['2026-02-30'] }, 'holidays[0]'],
    ['a holiday in another format', { holidays: ['2026-01-01', '01/02/2026'] }, 'holidays[1]'],
    ['a make-up day that is not a date', { makeUpWorkingDays: ['2026-13-01'] }, 'makeUpWorkingDays[0]'],
    ['a make-up day on a working weekday', { makeUpWorkingDays: ['2026-01-14'] }, 'makeUpWorkingDays[0]'],
    ['a make-up day that is also a holiday', { holidays: ['2026-01-17'], makeUpWorkingDays: ['2026-01-17'] }, 'makeUpWorkingDays[0]'],
  ])('rejects %s', (_title, change, field) => {
    const result = validateBusinessCalendar({ calendar: { ...newYorkWithLunch, holidays: [], ...change } as BusinessCalendar });
    expect(result).toMatchObject({ ok: false, field });
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });
});

describe('isKnownTimeZone', () => {
  it.each([
    ['America/New_York', true],
    ['Europe/Berlin', true],
    ['Asia/Shanghai', true],
    ['UTC', true],
    ['Europe/Atlantis', false],
    ['+05:00', false],
    ['', false],
  ])('%s is %s', (timeZone, expected) => {
    expect(isKnownTimeZone({ timeZone })).toBe(expected);
  });
});

describe('isBusinessDate', () => {
  it.each([
    ['2025-09-26', true],
    ['2025-09-27', false],
    ['2025-09-28', true],
    ['2025-10-01', false],
    ['2025-10-09', true],
    ['2025-10-11', true],
    ['2025-10-12', false],
    ['not-a-date', false],
  ])('%s is %s in the Shanghai calendar', (date, expected) => {
    expect(isBusinessDate({ calendar: shanghaiNationalDay2025, date })).toBe(expected);
  });
});

describe('parseBusinessDateList', () => {
  it.each([
    ['2025-10-01\n2025-10-02\n', ['2025-10-01', '2025-10-02']],
    ['2025-10-02, 2025-10-01,2025-10-03', ['2025-10-01', '2025-10-02', '2025-10-03']],
    ['2025-10-01，2025-10-02', ['2025-10-01', '2025-10-02']],
    [' 2025-10-01 \r\n\r\n2025-10-01\r\n2024-02-29', ['2024-02-29', '2025-10-01']],
    ['', []],
    ['\n , \n', []],
  ])('parses %j', (text, dates) => {
    expect(parseBusinessDateList({ text })).toEqual({ ok: true, dates });
  });

  it.each([
    ['2025-10-01\n2025-10-32', 2, '"2025-10-32"'],
    ['2025-10-01\n\n2025/10/03', 3, '"2025/10/03"'],
    ['2025-10-01, Oct 2', 1, '"Oct 2"'],
    ['2025-02-29', 1, '"2025-02-29"'],
    ['2025-1-1', 1, '"2025-1-1"'],
  ])('rejects %j naming line %i', (text, line, entry) => {
    const result = parseBusinessDateList({ text });
    expect(result).toMatchObject({ ok: false, line });
    if (!result.ok) expect(result.reason).toContain(`line ${line}: ${entry}`);
  });
});
