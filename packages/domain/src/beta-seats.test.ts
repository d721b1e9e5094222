import { describe, expect, it } from 'vitest';
import { checkSeatRules, decideSeat, pickWaitlistPromotions, type SeatCandidate, type SeatCounts, type SeatRules } from './beta-seats.ts';

const counts = (seatsTaken: number, byTier: SeatCounts['acceptedByTier'] = {}, byOrg: [number, number][] = []): SeatCounts => ({
  seatsTaken,
  acceptedByTier: byTier,
  acceptedByOrganization: new Map(byOrg),
});
const plain: SeatRules = { seatCapacity: 5, tierQuotas: null, perOrganizationCap: null };
const head = (organizationId: number | null = 1): SeatCandidate => ({ tier: 'head', organizationId });

describe('decideSeat', () => {
  it.each<[string, SeatRules, SeatCounts, SeatCandidate, string]>([
    ['accepts while seats remain', plain, counts(4), head(), 'ok'],
    ['refuses when every seat is taken', plain, counts(5), head(), 'SEATS_FULL'],
    ['accepts within the tier quota', { ...plain, tierQuotas: { head: 2, tail: 3 } }, counts(1, { head: 1 }), head(), 'ok'],
    ['refuses past the tier quota', { ...plain, tierQuotas: { head: 2, tail: 3 } }, counts(2, { head: 2 }), head(), 'TIER_QUOTA_FULL'],
    ['refuses a tier without quota', { ...plain, tierQuotas: { tail: 3 } }, counts(0), head(), 'TIER_QUOTA_FULL'],
    ['refuses no tier when quotas are set', { ...plain, tierQuotas: { tail: 3 } }, counts(0), { tier: null, organizationId: null }, 'TIER_QUOTA_FULL'],
    ['accepts below the organization cap', { ...plain, perOrganizationCap: 2 }, counts(1, {}, [[1, 1]]), head(1), 'ok'],
    ['refuses at the organization cap', { ...plain, perOrganizationCap: 2 }, counts(2, {}, [[1, 2]]), head(1), 'ORGANIZATION_CAP_REACHED'],
    ['counts the cap per organization', { ...plain, perOrganizationCap: 2 }, counts(2, {}, [[1, 2]]), head(2), 'ok'],
    ['checks total seats before the quota', { ...plain, seatCapacity: 2, tierQuotas: { head: 1 } }, counts(2, { head: 1 }), head(), 'SEATS_FULL'],
  ])('%s', (_title, rules, current, candidate, expected) => {
    const decision = decideSeat({ rules, counts: current, candidate });
    expect(decision.ok ? 'ok' : decision.reason).toBe(expected);
  });
});

describe('pickWaitlistPromotions', () => {
  const waitlist = [
    { id: 1, tier: 'head' as const, organizationId: 1 },
    { id: 2, tier: 'tail' as const, organizationId: 2 },
    { id: 3, tier: 'tail' as const, organizationId: 3 },
  ];
  it.each<[string, SeatRules, SeatCounts, number[]]>([
    ['promotes in order while seats remain', plain, counts(3), [1, 2]],
    ['promotes nobody when full', plain, counts(5), []],
    ['skips one that does not fit the quota and keeps going', { ...plain, tierQuotas: { head: 1, tail: 4 } }, counts(4, { head: 1, tail: 3 }), [2]],
    ['skips one over the organization cap', { ...plain, perOrganizationCap: 1 }, counts(3, {}, [[1, 1]]), [2, 3]],
  ])('%s', (_title, rules, current, expected) => {
    expect(pickWaitlistPromotions({ rules, counts: current, waitlist })).toEqual(expected);
  });
});

describe('checkSeatRules', () => {
  it.each<[string, SeatRules, number, string]>([
    ['accepts a plain capacity', plain, 0, 'ok'],
    ['refuses zero seats', { ...plain, seatCapacity: 0 }, 0, 'seatCapacity'],
    ['refuses shrinking below the seats taken', plain, 6, 'seatCapacity'],
    ['refuses quotas above the capacity', { ...plain, tierQuotas: { head: 3, tail: 3 } }, 0, 'tierQuotas'],
    ['refuses a zero cap', { ...plain, perOrganizationCap: 0 }, 0, 'perOrganizationCap'],
  ])('%s', (_title, rules, taken, expected) => {
    const result = checkSeatRules(rules, taken);
    expect(result.ok ? 'ok' : result.field).toBe(expected);
  });
});
