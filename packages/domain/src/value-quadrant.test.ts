import { describe, expect, it } from 'vitest';
import {
  checkDemandStatusChange,
  checkValueScore,
  defaultDemandVerdict,
  demandSize,
  demandVerdictLabel,
  valueQuadrant,
  type DemandStatus,
  type DemandVerdict,
  type Quadrant,
} from './value-quadrant.ts';

describe('valueQuadrant and defaultDemandVerdict', () => {
  it.each<[number, number, Quadrant, DemandVerdict]>([
    [10, 10, 'q1', 'do'],
    [5, 5, 'q1', 'do'],
    [5, 4, 'q2', 'be_prudent'],
    [9, 0, 'q2', 'be_prudent'],
    [4, 4, 'q3', 'wont_do'],
    [0, 0, 'q3', 'wont_do'],
    [4, 5, 'q4', 'wont_do'],
    [0, 10, 'q4', 'wont_do'],
  ])('puts user %i, business %i in %s: %s', (userValue, businessValue, quadrant, verdict) => {
    expect(valueQuadrant({ userValue, businessValue })).toBe(quadrant);
    expect(defaultDemandVerdict({ userValue, businessValue })).toBe(verdict);
  });
});

describe('demandVerdictLabel', () => {
  it('is null while unscored', () => {
    expect(demandVerdictLabel({ scores: null, override: null })).toBeNull();
  });
  it('gives the quadrant verdict without an override', () => {
    expect(demandVerdictLabel({ scores: { userValue: 8, businessValue: 7 }, override: null })).toEqual({
      verdict: 'do',
      defaultVerdict: 'do',
      overridden: false,
      overrideReason: null,
    });
  });
  it('shows an override with its reason', () => {
    expect(demandVerdictLabel({ scores: { userValue: 2, businessValue: 9 }, override: { verdict: 'do', reason: 'Contract' } })).toEqual({
      verdict: 'do',
      defaultVerdict: 'wont_do',
      overridden: true,
      overrideReason: 'Contract',
    });
  });
  it('does not count an override that agrees with the quadrant', () => {
    expect(demandVerdictLabel({ scores: { userValue: 8, businessValue: 2 }, override: { verdict: 'be_prudent', reason: 'x' } })?.overridden).toBe(false);
  });
});

describe('checkValueScore', () => {
  it.each([
    [0, true],
    [10, true],
    [5, true],
    [-1, false],
    [11, false],
    [2.5, false],
  ])('checks %d', (value, ok) => {
    expect(checkValueScore(value).ok).toBe(ok);
  });
});

describe('demandSize', () => {
  const askers = [{ tier: 'head' as const }, { tier: 'waist' as const }, { tier: 'tail' as const }, { tier: null }];
  it('counts askers', () => expect(demandSize({ askers, weighted: false })).toBe(4));
  it('weighs head 3, waist 2, tail 1 and no organization 1', () => expect(demandSize({ askers, weighted: true })).toBe(7));
  it('is zero without askers', () => expect(demandSize({ askers: [], weighted: true })).toBe(0));
});

describe('checkDemandStatusChange', () => {
  it.each<[DemandStatus, DemandStatus, string | null, string | null]>([
    ['new', 'under_review', null, null],
    ['new', 'planned', null, null],
    ['under_review', 'planned', null, null],
    ['planned', 'declined', 'Out of scope', null],
    ['new', 'declined', null, 'REASON_REQUIRED'],
    ['new', 'declined', '  ', 'REASON_REQUIRED'],
    ['new', 'new', null, 'SAME_STATUS'],
    ['planned', 'shipped', null, 'SHIPPED_BY_RELEASE_NOTE'],
    ['shipped', 'planned', null, 'NOT_ALLOWED'],
    ['planned', 'new', null, 'NOT_ALLOWED'],
    ['declined', 'under_review', null, null],
  ])('moves %s to %s (reason %s): %s', (from, to, reason, refusal) => {
    const result = checkDemandStatusChange({ from, to, reason });
    expect(result).toEqual(refusal === null ? { ok: true } : { ok: false, reason: refusal });
  });
});
