import { describe, expect, it } from 'vitest';
import { instantToLocalDateTime, localDateTimeToInstant } from './local-date-time.ts';

const instant = (local: string, timeZone: string) => {
  const result = localDateTimeToInstant({ local, timeZone });
  return result.ok ? result.at.toISOString() : result.reason;
};

describe('localDateTimeToInstant', () => {
  it.each([
    // Shanghai is UTC+8 all year: a morning there is the previous evening in UTC.
    ['2026-12-01T09:00', 'Asia/Shanghai', '2026-12-01T01:00:00.000Z'],
    ['2026-12-01T07:30', 'Asia/Shanghai', '2026-11-30T23:30:00.000Z'],
    ['2026-12-01T09:00', 'UTC', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00:30', 'UTC', '2026-12-01T09:00:30.000Z'],
    // West of UTC the UTC date can be the next day.
    ['2026-12-01T20:00', 'America/New_York', '2026-12-02T01:00:00.000Z'],
    // Berlin in winter (UTC+1) and in summer (UTC+2).
    ['2026-03-28T02:30', 'Europe/Berlin', '2026-03-28T01:30:00.000Z'],
    ['2026-03-29T03:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
  ])('reads %s in %s as %s', (local, timeZone, expected) => {
    expect(instant(local, timeZone)).toBe(expected);
  });

  it('refuses a time the clocks skip', () => {
    // On 29 March 2026 Berlin goes from 02:00 straight to 03:00.
    expect(instant('2026-03-29T02:30', 'Europe/Berlin')).toBe('skipped_by_clock_change');
    expect(instant('2026-03-29T02:00', 'Europe/Berlin')).toBe('skipped_by_clock_change');
  });

  it('takes the earlier of a time that happens twice', () => {
    // On 25 October 2026 Berlin's 02:30 comes first at UTC+2, then again at UTC+1.
    expect(instant('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(instant('2026-10-25T03:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z');
  });

  it.each(['', '2026-12-01', '2026-12-01 09:00', '2026-12-01T09:00Z', '2026-12-01T09:00+08:00', '2026-02-30T09:00', '2026-12-01T24:00', '2026-13-01T09:00', 'soon'])(
    'refuses %j as not a date and time',
    (local) => {
      expect(instant(local, 'Asia/Shanghai')).toBe('not_a_date_time');
    },
  );
});

describe('instantToLocalDateTime', () => {
  it.each([
    ['2026-12-01T01:00:00.000Z', 'Asia/Shanghai', '2026-12-01T09:00'],
    // 17:00 UTC on the 30th is already 1 December in Shanghai.
    ['2026-11-30T17:00:00.000Z', 'Asia/Shanghai', '2026-12-01T01:00'],
    ['2026-12-01T09:00:00.000Z', 'UTC', '2026-12-01T09:00'],
    ['2026-12-02T01:00:00.000Z', 'America/New_York', '2026-12-01T20:00'],
    // Both instants of Berlin's doubled 02:30 show as 02:30.
    ['2026-10-25T00:30:00.000Z', 'Europe/Berlin', '2026-10-25T02:30'],
    ['2026-10-25T01:30:00.000Z', 'Europe/Berlin', '2026-10-25T02:30'],
    // Seconds are dropped, as a datetime-local field shows minutes.
    ['2026-12-01T09:00:59.000Z', 'UTC', '2026-12-01T09:00'],
  ])('shows %s in %s as %s', (iso, timeZone, expected) => {
    expect(instantToLocalDateTime({ at: new Date(iso), timeZone })).toBe(expected);
  });

  it('gives back what localDateTimeToInstant read, around the clock change', () => {
    for (const local of ['2026-03-29T01:59', '2026-03-29T03:00', '2026-10-25T01:30', '2026-10-25T02:30', '2026-10-25T03:30']) {
      const result = localDateTimeToInstant({ local, timeZone: 'Europe/Berlin' });
      expect(result.ok && instantToLocalDateTime({ at: result.at, timeZone: 'Europe/Berlin' })).toBe(local);
    }
  });
});
