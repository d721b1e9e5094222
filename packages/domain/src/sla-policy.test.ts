import { describe, expect, it } from 'vitest';
import { defaultBusinessCalendar, type BusinessCalendar } from './business-calendar.ts';
import type { LifecycleStage, OrganizationTier } from './organizations.ts';
import {
  computeFirstResponseDeadline,
  computeNextResponseDeadline,
  computeResponseTargetMinutes,
  computeResumedDeadline,
  defaultSlaPolicy,
  isLifecycleTightened,
  slaState,
  validateSlaPolicy,
  type SlaPolicy,
  type SlaState,
} from './sla-policy.ts';

const newYork: BusinessCalendar = {
  ...defaultBusinessCalendar({ timeZone: 'America/New_York' }),
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
  holidays: ['2026-01-01'],
};
const shanghai: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  workingWeekdays: [1, 2, 3, 4, 5],
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
  makeUpWorkingDays: ['2025-09-28', '2025-10-11'],
};

describe('computeResponseTargetMinutes', () => {
  it.each<[OrganizationTier, LifecycleStage, string | null, 'first' | 'next', number, boolean]>([
    ['head', 'adoption', null, 'first', 120, false],
    ['waist', 'expansion', null, 'first', 240, false],
    ['tail', 'adoption', null, 'next', 480, false],
    ['head', 'onboarding', null, 'first', 60, true],
    ['waist', 'churn-risk', null, 'next', 120, true],
    ['tail', 'renewal', '2026-03-15', 'first', 240, true],
    ['tail', 'adoption', '2026-01-14', 'first', 240, true],
    ['tail', 'adoption', '2026-03-15', 'first', 240, true],
    ['tail', 'adoption', '2026-03-16', 'first', 480, false],
    ['tail', 'adoption', '2026-01-13', 'first', 480, false],
    ['tail', 'renewal', 'not a date', 'first', 480, false],
  ])('%s in %s renewing on %s: %s response target', (tier, stage, renewalOn, kind, targetMinutes, tightened) => {
    expect(computeResponseTargetMinutes({ policy: defaultSlaPolicy, kind, tier, stage, renewalOn, onDate: '2026-01-14' })).toEqual({ targetMinutes, tightened });
  });

  it.each([
    [0.5, 121, 61],
    [0.3, 100, 30],
    [0.1, 120, 12],
    [0.7, 10, 7],
    [0.33, 100, 33],
    [0.01, 10, 1],
    [1, 480, 480],
  ])('factor %s on %i minutes rounds up to %i', (factor, minutes, expected) => {
    const policy: SlaPolicy = { ...defaultSlaPolicy, lifecycleTargetFactor: factor, firstResponseTargetMinutesByTier: { head: minutes, waist: minutes, tail: minutes } };
    expect(computeResponseTargetMinutes({ policy, kind: 'first', tier: 'head', stage: 'onboarding', renewalOn: null, onDate: '2026-01-14' }).targetMinutes).toBe(expected);
  });
});

describe('isLifecycleTightened', () => {
  it.each<[LifecycleStage[], number, LifecycleStage, string | null, boolean]>([
    [['onboarding'], 60, 'churn-risk', null, false],
    [['onboarding', 'churn-risk'], 60, 'churn-risk', null, true],
    [[], 0, 'adoption', '2026-01-14', true],
    [[], 0, 'adoption', '2026-01-15', false],
    [[], 366, 'adoption', '2027-01-14', true],
  ])('stages %j, %i days: %s renewing %s is %s', (tightenedLifecycleStages, renewalTighteningDays, stage, renewalOn, expected) => {
    const policy = { ...defaultSlaPolicy, tightenedLifecycleStages, renewalTighteningDays };
    expect(isLifecycleTightened({ policy, stage, renewalOn, onDate: '2026-01-14' })).toBe(expected);
  });
});

describe('computeFirstResponseDeadline', () => {
  it.each<[string, BusinessCalendar, OrganizationTier, LifecycleStage, string | null, string, string, number]>([
    ['head asked mid-morning', newYork, 'head', 'adoption', null, '2026-01-14T10:00:00-05:00', '2026-01-14T12:00:00-05:00', 120],
    ['waist asked on Saturday', newYork, 'waist', 'adoption', null, '2026-01-17T10:00:00-05:00', '2026-01-19T14:00:00-05:00', 240],
    ['tail asked at 17:00 on Dec 31', newYork, 'tail', 'expansion', null, '2025-12-31T17:00:00-05:00', '2026-01-02T17:00:00-05:00', 480],
    ['head onboarding asked before opening', newYork, 'head', 'onboarding', null, '2026-01-14T07:00:00-05:00', '2026-01-14T10:00:00-05:00', 60],
    ['tail renewing in 30 days, asked at lunch', newYork, 'tail', 'renewal', '2026-02-13', '2026-01-14T12:15:00-05:00', '2026-01-14T17:00:00-05:00', 240],
    ['tail in Shanghai before the holiday week', shanghai, 'tail', 'adoption', null, '2025-09-30T17:00:00+08:00', '2025-10-09T17:00:00+08:00', 480],
    ['head in Shanghai on a make-up Sunday', shanghai, 'head', 'churn-risk', null, '2025-09-28T11:30:00+08:00', '2025-09-28T13:30:00+08:00', 60],
    ['renewal window judged by the local date', shanghai, 'tail', 'adoption', '2025-11-28', '2025-09-28T23:30:00+08:00', '2025-09-29T18:00:00+08:00', 480],
    ['renewal window judged by the local date, one day later', shanghai, 'tail', 'adoption', '2025-11-28', '2025-09-29T00:30:00+08:00', '2025-09-29T14:00:00+08:00', 240],
  ])('%s', (_title, calendar, tier, stage, renewalOn, askedAt, deadline, targetMinutes) => {
    expect(computeFirstResponseDeadline({ calendar, policy: defaultSlaPolicy, tier, stage, renewalOn, askedAt: new Date(askedAt) })).toMatchObject({
      ok: true,
      deadline: new Date(deadline),
      targetMinutes,
    });
  });

  it('uses the next-response targets for a follow-up', () => {
    const policy: SlaPolicy = { ...defaultSlaPolicy, nextResponseTargetMinutesByTier: { head: 30, waist: 60, tail: 90 } };
    expect(
      computeNextResponseDeadline({ calendar: newYork, policy, tier: 'waist', stage: 'adoption', followedUpAt: new Date('2026-01-14T11:30:00-05:00') }),
    ).toEqual({ ok: true, deadline: new Date('2026-01-14T13:30:00-05:00'), targetMinutes: 60, tightened: false });
  });
});

describe('computeResumedDeadline', () => {
  it.each([
    ['resumed the same day', '2026-01-14T15:00:00-05:00', '2026-01-14T11:00:00-05:00', '2026-01-14T14:00:00-05:00', '2026-01-14T17:00:00-05:00', 180],
    ['resumed after a weekend', '2026-01-16T17:00:00-05:00', '2026-01-16T16:30:00-05:00', '2026-01-17T10:00:00-05:00', '2026-01-19T09:30:00-05:00', 30],
    ['paused after the deadline', '2026-01-14T15:00:00-05:00', '2026-01-14T16:00:00-05:00', '2026-01-14T17:00:00-05:00', '2026-01-14T17:00:00-05:00', 0],
  ])('%s', (_title, deadline, pausedAt, resumedAt, expected, remainingMinutes) => {
    expect(
      computeResumedDeadline({ calendar: newYork, deadline: new Date(deadline), pausedAt: new Date(pausedAt), resumedAt: new Date(resumedAt) }),
    ).toEqual({ ok: true, deadline: new Date(expected), remainingMinutes });
  });

  it('rejects resuming before the pause', () => {
    expect(
      computeResumedDeadline({ calendar: newYork, deadline: new Date('2026-01-14T15:00:00Z'), pausedAt: new Date('2026-01-14T14:00:00Z'), resumedAt: new Date('2026-01-14T13:00:00Z') }).ok,
    ).toBe(false);
  });
});

describe('slaState', () => {
  const deadline = '2026-01-14T15:00:00Z';
  it.each<[string, string, number | undefined, string | null, string | null, SlaState]>([
    ['well before the deadline', '2026-01-14T13:00:00Z', 30, null, null, 'within'],
    ['one minute before due soon', '2026-01-14T14:29:00Z', 30, null, null, 'within'],
    ['exactly due soon', '2026-01-14T14:30:00Z', 30, null, null, 'due_soon'],
    ['one minute left', '2026-01-14T14:59:00Z', 30, null, null, 'due_soon'],
    ['default lead of 30 minutes', '2026-01-14T14:45:00Z', undefined, null, null, 'due_soon'],
    ['a zero lead', '2026-01-14T14:59:00Z', 0, null, null, 'within'],
    ['exactly at the deadline', '2026-01-14T15:00:00Z', 30, null, null, 'breached'],
    ['after the deadline', '2026-01-15T15:00:00Z', 30, null, null, 'breached'],
    ['answered in time', '2026-01-15T15:00:00Z', 30, '2026-01-14T14:00:00Z', null, 'met'],
    ['answered exactly at the deadline', '2026-01-15T15:00:00Z', 30, '2026-01-14T15:00:00Z', null, 'met'],
    ['answered late', '2026-01-15T15:00:00Z', 30, '2026-01-14T15:01:00Z', null, 'breached'],
    ['paused in time', '2026-01-15T15:00:00Z', 30, null, '2026-01-14T14:00:00Z', 'paused'],
    ['paused after the deadline', '2026-01-15T15:00:00Z', 30, null, '2026-01-14T15:30:00Z', 'breached'],
    ['answered while paused', '2026-01-15T15:00:00Z', 30, '2026-01-14T14:30:00Z', '2026-01-14T14:00:00Z', 'met'],
  ])('%s', (_title, now, dueSoonMinutes, metAt, pausedAt, expected) => {
    expect(
      slaState({
        deadline: new Date(deadline),
        now: new Date(now),
        dueSoonMinutes,
        metAt: metAt ? new Date(metAt) : null,
        pausedAt: pausedAt ? new Date(pausedAt) : null,
      }),
    ).toBe(expected);
  });
});

describe('validateSlaPolicy', () => {
  it('accepts the defaults', () => {
    expect(validateSlaPolicy({ policy: defaultSlaPolicy })).toEqual({ ok: true, policy: defaultSlaPolicy });
  });

  it.each<[string, Partial<SlaPolicy>, string]>([
    ['a zero target', { firstResponseTargetMinutesByTier: { head: 0, waist: 240, tail: 480 } }, 'firstResponseTargetMinutesByTier.head'],
    ['a fractional target', { nextResponseTargetMinutesByTier: { head: 120, waist: 240.5, tail: 480 } }, 'nextResponseTargetMinutesByTier.waist'],
    ['a missing tier', { nextResponseTargetMinutesByTier: { head: 120, waist: 240 } as never }, 'nextResponseTargetMinutesByTier.tail'],
    ['a zero factor', { lifecycleTargetFactor: 0 }, 'lifecycleTargetFactor'],
    ['a factor above one', { lifecycleTargetFactor: 1.5 }, 'lifecycleTargetFactor'],
    ['an unknown stage', { tightenedLifecycleStages: ['onboarding', 'dormant' as never] }, 'tightenedLifecycleStages[1]'],
    ['negative renewal days', { renewalTighteningDays: -1 }, 'renewalTighteningDays'],
  ])('rejects %s', (_title, change, field) => {
    expect(validateSlaPolicy({ policy: { ...defaultSlaPolicy, ...change } })).toMatchObject({ ok: false, field });
  });
});
