import type { OrganizationTier } from './organizations.ts';

export type SeatRules = {
  seatCapacity: number;
  /** Seats per tier; null means no quotas. A tier missing from the quotas gets none. */
  tierQuotas: Partial<Record<OrganizationTier, number>> | null;
  perOrganizationCap: number | null;
};

/** The accepted applications as they stand, counted by tier and by organization. */
export type SeatCounts = {
  seatsTaken: number;
  acceptedByTier: Partial<Record<OrganizationTier, number>>;
  acceptedByOrganization: ReadonlyMap<number, number>;
};

export type SeatCandidate = { tier: OrganizationTier | null; organizationId: number | null };

export type SeatRefusal = 'SEATS_FULL' | 'TIER_QUOTA_FULL' | 'ORGANIZATION_CAP_REACHED';

export type SeatDecision = { ok: true } | { ok: false; reason: SeatRefusal };

/** Whether one more applicant fits: total seats first, then the tier's quota, then the organization cap. */
export function decideSeat({ rules, counts, candidate }: { rules: SeatRules; counts: SeatCounts; candidate: SeatCandidate }): SeatDecision {
  if (counts.seatsTaken >= rules.seatCapacity) return { ok: false, reason: 'SEATS_FULL' };
  if (rules.tierQuotas) {
    const quota = candidate.tier ? (rules.tierQuotas[candidate.tier] ?? 0) : 0;
    const taken = candidate.tier ? (counts.acceptedByTier[candidate.tier] ?? 0) : 0;
    if (taken >= quota) return { ok: false, reason: 'TIER_QUOTA_FULL' };
  }
  if (rules.perOrganizationCap !== null && candidate.organizationId !== null) {
    if ((counts.acceptedByOrganization.get(candidate.organizationId) ?? 0) >= rules.perOrganizationCap) {
      return { ok: false, reason: 'ORGANIZATION_CAP_REACHED' };
    }
  }
  return { ok: true };
}

/** The counts after accepting `candidate`. */
export function countWithSeat(counts: SeatCounts, candidate: SeatCandidate): SeatCounts {
  const acceptedByOrganization = new Map(counts.acceptedByOrganization);
  if (candidate.organizationId !== null) {
    acceptedByOrganization.set(candidate.organizationId, (acceptedByOrganization.get(candidate.organizationId) ?? 0) + 1);
  }
  return {
    seatsTaken: counts.seatsTaken + 1,
    acceptedByTier: candidate.tier
      ? { ...counts.acceptedByTier, [candidate.tier]: (counts.acceptedByTier[candidate.tier] ?? 0) + 1 }
      : counts.acceptedByTier,
    acceptedByOrganization,
  };
}

/**
 * Which waitlisted applications take freed seats: in waitlist order, each one that fits the
 * quotas as they stand after the ones before it; one that does not fit keeps its place.
 */
export function pickWaitlistPromotions<T extends SeatCandidate & { id: number }>({
  rules,
  counts,
  waitlist,
}: {
  rules: SeatRules;
  counts: SeatCounts;
  waitlist: readonly T[];
}): number[] {
  const promoted: number[] = [];
  let current = counts;
  for (const candidate of waitlist) {
    if (current.seatsTaken >= rules.seatCapacity) break;
    if (!decideSeat({ rules, counts: current, candidate }).ok) continue;
    promoted.push(candidate.id);
    current = countWithSeat(current, candidate);
  }
  return promoted;
}

/** Checks capacity, quotas and cap against each other and against the seats already taken. */
export function checkSeatRules(rules: SeatRules, seatsTaken = 0): { ok: true } | { ok: false; field: string; reason: string } {
  if (!Number.isInteger(rules.seatCapacity) || rules.seatCapacity < 1) return { ok: false, field: 'seatCapacity', reason: 'must be at least 1' };
  if (rules.seatCapacity < seatsTaken) return { ok: false, field: 'seatCapacity', reason: `must not be below the ${seatsTaken} seats already taken` };
  if (rules.tierQuotas) {
    const total = Object.values(rules.tierQuotas).reduce((sum, n) => sum + (n ?? 0), 0);
    if (Object.values(rules.tierQuotas).some((n) => n !== undefined && (!Number.isInteger(n) || n < 0))) {
      return { ok: false, field: 'tierQuotas', reason: 'quotas must be whole numbers, 0 or more' };
    }
    if (total > rules.seatCapacity) return { ok: false, field: 'tierQuotas', reason: 'quotas must not add up to more than the capacity' };
  }
  if (rules.perOrganizationCap !== null && (!Number.isInteger(rules.perOrganizationCap) || rules.perOrganizationCap < 1)) {
    return { ok: false, field: 'perOrganizationCap', reason: 'must be at least 1' };
  }
  return { ok: true };
}
