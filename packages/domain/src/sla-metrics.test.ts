import { describe, expect, it } from 'vitest';
import { defaultBusinessCalendar } from './business-calendar.ts';
import { attainmentPercent, resolveSlaMetricsRange, responseBusinessMinutes, roundMetricMinutes, weekStartOf, weekStartOfDate, weeksInRange } from './sla-metrics.ts';

describe('weekStartOf', () => {
  it.each([
    ['a Wednesday', '2026-01-14T10:00:00Z', 'Europe/Berlin', '2026-01-12'],
    ['a Monday just after local midnight', '2026-01-11T23:30:00Z', 'Europe/Berlin', '2026-01-12'],
    ['a Sunday late evening, UTC', '2026-01-11T23:30:00Z', 'UTC', '2026-01-05'],
    ['Sunday night in Shanghai is Monday', '2026-01-11T17:00:00Z', 'Asia/Shanghai', '2026-01-12'],
    ['across a year end', '2026-01-01T12:00:00Z', 'America/New_York', '2025-12-29'],
    ['the Sunday of the switch to summer time', '2026-03-29T21:00:00Z', 'Europe/Berlin', '2026-03-23'],
  ])('%s', (_name, at, timeZone, monday) => {
    expect(weekStartOf({ at: new Date(at), timeZone })).toBe(monday);
  });

  it('keeps a Monday as it is', () => {
    expect(weekStartOfDate({ date: '2026-01-12' })).toBe('2026-01-12');
  });
});

describe('weeksInRange', () => {
  it.each([
    ['one day', '2026-01-14', '2026-01-14', ['2026-01-12']],
    ['Sunday to Monday', '2026-01-11', '2026-01-12', ['2026-01-05', '2026-01-12']],
    ['three weeks over a year end', '2025-12-24', '2026-01-09', ['2025-12-22', '2025-12-29', '2026-01-05']],
  ])('%s', (_name, from, to, weeks) => {
    expect(weeksInRange({ from, to })).toEqual(weeks);
  });
});

describe('resolveSlaMetricsRange', () => {
  const now = new Date('2026-01-14T10:00:00Z');

  it('defaults to twelve weeks up to today, in the workspace time zone', () => {
    expect(resolveSlaMetricsRange({ now, timeZone: 'Europe/Berlin' })).toEqual({
      ok: true,
      from: '2025-10-27',
      to: '2026-01-14',
      startsAt: new Date('2025-10-26T23:00:00Z'),
      endsBefore: new Date('2026-01-14T23:00:00Z'),
    });
  });

  it('bounds local dates across a change to summer time', () => {
    const range = resolveSlaMetricsRange({ from: '2026-03-29', to: '2026-03-29', now, timeZone: 'Europe/Berlin' });
    expect(range).toMatchObject({ startsAt: new Date('2026-03-28T23:00:00Z'), endsBefore: new Date('2026-03-29T22:00:00Z') });
  });

  it.each([
    ['a bad from', { from: '2026-02-30' }, 'from'],
    ['a bad to', { to: 'yesterday' }, 'to'],
    ['from after to', { from: '2026-01-15', to: '2026-01-14' }, 'from'],
    ['a period over 400 days', { from: '2024-01-01', to: '2026-01-14' }, 'from'],
  ])('names the field for %s', (_name, input, field) => {
    expect(resolveSlaMetricsRange({ ...input, now, timeZone: 'UTC' })).toMatchObject({ ok: false, field });
  });
});

describe('attainmentPercent', () => {
  it.each([
    [0, 0, null],
    [0, 3, 0],
    [3, 3, 100],
    [2, 3, 66.7],
    [1, 8, 12.5],
  ])('%i met of %i settled is %s', (met, settled, percent) => {
    expect(attainmentPercent({ met, settled })).toBe(percent);
  });
});

describe('roundMetricMinutes', () => {
  it.each([
    [null, null],
    [12.345, 12.3],
    [90, 90],
  ])('%s → %s', (minutes, shown) => {
    expect(roundMetricMinutes(minutes)).toBe(shown);
  });
});

describe('responseBusinessMinutes', () => {
  // Monday to Friday 09:00–18:00 in Berlin; 2026-01-14 is a Wednesday (UTC+1).
  const calendar = defaultBusinessCalendar({ timeZone: 'Europe/Berlin' });
  const at = (local: string) => new Date(`${local}+01:00`);
  const clock = { targetMinutes: 120, dueAt: at('2026-01-14T12:00:00'), state: 'within' as const, pausedAt: null };

  it.each([
    ['answered in 45 business minutes', clock, '2026-01-14T10:45:00', 45],
    ['answered on the deadline', clock, '2026-01-14T12:00:00', 120],
    ['answered a working day late', clock, '2026-01-15T12:00:00', 660],
    ['answered in the evening after the deadline (no business time passed after 18:00)', clock, '2026-01-14T19:00:00', 480],
    ['measured where it paused, not when it stopped', { ...clock, state: 'paused' as const, pausedAt: at('2026-01-14T10:30:00') }, '2026-01-16T10:00:00', 30],
  ])('%s', (_name, stopped, stoppedAt, minutes) => {
    expect(responseBusinessMinutes({ calendar, clock: stopped, stoppedAt: at(stoppedAt) })).toBe(minutes);
  });
});
