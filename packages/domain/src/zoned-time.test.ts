import { describe, expect, it } from 'vitest';
import { zonedMoment } from './zoned-time.ts';

// Monday 30 November 2026, 18:00 in Shanghai (UTC+8).
const reference = new Date('2026-11-30T10:00:00Z');

describe('zonedMoment', () => {
  it('gives only the time on the same local day', () => {
    expect(zonedMoment({ at: new Date('2026-11-30T03:00:00Z'), timeZone: 'Asia/Shanghai', reference })).toBe('11:00');
  });

  it('adds the weekday and date on another local day, even when the UTC date is the same', () => {
    // 17:00 UTC on the 30th is 01:00 on Tuesday 1 December in Shanghai.
    expect(zonedMoment({ at: new Date('2026-11-30T17:00:00Z'), timeZone: 'Asia/Shanghai', reference })).toBe('Tue 1 Dec 01:00');
    // And the other way: 23:30 UTC on the 29th is already the 30th there.
    expect(zonedMoment({ at: new Date('2026-11-29T23:30:00Z'), timeZone: 'Asia/Shanghai', reference })).toBe('07:30');
  });

  it('names the day of a deadline long past, and the year when it differs', () => {
    expect(zonedMoment({ at: new Date('2026-11-20T01:00:00Z'), timeZone: 'Asia/Shanghai', reference })).toBe('Fri 20 Nov 09:00');
    expect(zonedMoment({ at: new Date('2027-01-04T01:00:00Z'), timeZone: 'Asia/Shanghai', reference })).toBe('Mon 4 Jan 2027 09:00');
  });

  it('follows daylight saving time in the zone', () => {
    const march = new Date('2026-03-27T12:00:00Z');
    // Berlin is UTC+1 on Friday 27 March and UTC+2 from Sunday 29 March.
    expect(zonedMoment({ at: new Date('2026-03-27T08:00:00Z'), timeZone: 'Europe/Berlin', reference: march })).toBe('09:00');
    expect(zonedMoment({ at: new Date('2026-03-30T07:00:00Z'), timeZone: 'Europe/Berlin', reference: march })).toBe('Mon 30 Mar 09:00');
  });

  it('writes midnight as 00:00, not 24:00', () => {
    expect(zonedMoment({ at: new Date('2026-11-30T16:00:00Z'), timeZone: 'Asia/Shanghai', reference })).toBe('Tue 1 Dec 00:00');
  });
});
