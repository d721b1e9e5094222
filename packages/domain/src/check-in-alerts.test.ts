import { describe, expect, it } from 'vitest';
import { checkInAlertsDue, upcomingCheckIn } from './check-in-alerts.ts';
import { defaultSlaSettings, type SlaSettings } from './sla-settings.ts';

const berlin: SlaSettings = { ...defaultSlaSettings, timeZone: 'Europe/Berlin', holidays: ['2026-12-25'], makeUpWorkingDays: ['2026-12-27'] };

describe('checkInAlertsDue', () => {
  it.each([
    ['before the lead time', '2026-03-02T07:29:00Z', []],
    ['at the lead time before the morning window', '2026-03-02T07:30:00Z', ['2026-03-02T08:00:00.000Z']],
    ['while the morning window is open', '2026-03-02T08:29:59Z', ['2026-03-02T08:00:00.000Z']],
    ['once the morning window has closed', '2026-03-02T08:30:00Z', []],
    ['before the evening window', '2026-03-02T16:10:00Z', ['2026-03-02T16:30:00.000Z']],
    ['on a Saturday', '2026-03-07T07:45:00Z', []],
    ['on a holiday', '2026-12-25T07:45:00Z', []],
    ['on a make-up working Sunday', '2026-12-27T07:45:00Z', ['2026-12-27T08:00:00.000Z']],
    ['after the switch to summer time (UTC+2)', '2026-03-30T06:45:00Z', ['2026-03-30T07:00:00.000Z']],
  ])('%s', (_name, now, keys) => {
    expect(checkInAlertsDue({ settings: berlin, now: new Date(now) }).map((alert) => alert.key)).toEqual(keys);
  });

  it('looks ahead to the next window for "due before the next window"', () => {
    const [morning] = checkInAlertsDue({ settings: berlin, now: new Date('2026-03-02T07:45:00Z') });
    expect(morning!.nextWindow.opensAt.toISOString()).toBe('2026-03-02T16:30:00.000Z');
    const [friday] = checkInAlertsDue({ settings: berlin, now: new Date('2026-03-06T16:10:00Z') });
    expect(friday!.nextWindow.opensAt.toISOString()).toBe('2026-03-09T08:00:00.000Z');
  });

  it('names two windows when a lead time reaches into the next one', () => {
    const close: SlaSettings = { ...berlin, checkInWindows: [{ opens: '09:00', closes: '09:30' }, { opens: '09:45', closes: '10:00' }] };
    expect(checkInAlertsDue({ settings: close, now: new Date('2026-03-02T08:20:00Z') }).map((a) => a.key)).toEqual([
      '2026-03-02T08:00:00.000Z',
      '2026-03-02T08:45:00.000Z',
    ]);
  });
});

describe('upcomingCheckIn', () => {
  it.each([
    ['before the morning window', '2026-03-02T06:00:00Z', '2026-03-02T08:00:00.000Z', '2026-03-02T16:30:00.000Z'],
    ['while the morning window is open', '2026-03-02T08:10:00Z', '2026-03-02T08:00:00.000Z', '2026-03-02T16:30:00.000Z'],
    ['between the windows', '2026-03-02T12:00:00Z', '2026-03-02T16:30:00.000Z', '2026-03-03T08:00:00.000Z'],
    ['on Friday evening, over the weekend', '2026-03-06T18:00:00Z', '2026-03-09T08:00:00.000Z', '2026-03-09T16:30:00.000Z'],
  ])('%s', (_name, now, opensAt, nextOpensAt) => {
    const upcoming = upcomingCheckIn({ settings: berlin, now: new Date(now) });
    expect(upcoming!.window.opensAt.toISOString()).toBe(opensAt);
    expect(upcoming!.nextWindow.opensAt.toISOString()).toBe(nextOpensAt);
  });
});
