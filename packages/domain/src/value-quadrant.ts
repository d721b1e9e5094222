import type { OrganizationTier } from './organizations.ts';

/** Where a demand is in its life: open while new, under review or planned. */
export const demandStatuses = ['new', 'under_review', 'planned', 'shipped', 'declined'] as const;
export type DemandStatus = (typeof demandStatuses)[number];
/** Statuses of demands still to decide or build; they are the ones on the quadrant chart. */
export const openDemandStatuses = ['new', 'under_review', 'planned'] as const satisfies readonly DemandStatus[];

/** The kinds of value a demand can bring, tagged by the PM. */
export const valueKinds = ['user_growth', 'operating_efficiency', 'digital_maturity', 'experience_security_stability'] as const;
export type ValueKind = (typeof valueKinds)[number];

/** What the quadrant says to do with a demand. */
export const demandVerdicts = ['do', 'be_prudent', 'wont_do'] as const;
export type DemandVerdict = (typeof demandVerdicts)[number];

/** Scores are whole numbers from 0 to 10. */
export const valueScoreMin = 0;
export const valueScoreMax = 10;
/** A score of 5 or more is "high": the quadrant's lines sit between 4 and 5. */
export const highValueThreshold = 5;

export type ValueScores = { userValue: number; businessValue: number };
export type Quadrant = 'q1' | 'q2' | 'q3' | 'q4';

/**
 * The quadrant of a scored demand, as in the product brief: Q1 high user and high business value,
 * Q2 high user value only, Q3 neither, Q4 high business value only.
 */
export function valueQuadrant({ userValue, businessValue }: ValueScores): Quadrant {
  const userHigh = userValue >= highValueThreshold;
  const businessHigh = businessValue >= highValueThreshold;
  if (userHigh) return businessHigh ? 'q1' : 'q2';
  return businessHigh ? 'q4' : 'q3';
}

/**
 * The verdict the quadrant gives: Q1 → do; Q2 (user value only) → be prudent, since it costs
 * capacity and brings no business value; Q3 and Q4 (no user value) → won't do, whatever the
 * business value.
 */
export function defaultDemandVerdict(scores: ValueScores): DemandVerdict {
  const quadrant = valueQuadrant(scores);
  if (quadrant === 'q1') return 'do';
  if (quadrant === 'q2') return 'be_prudent';
  return 'wont_do';
}

export type VerdictOverride = { verdict: DemandVerdict; reason: string };

export type DemandVerdictLabel = {
  verdict: DemandVerdict;
  /** What the quadrant alone says. */
  defaultVerdict: DemandVerdict;
  /** True when a PM chose another verdict (with a reason) than the quadrant's. */
  overridden: boolean;
  overrideReason: string | null;
};

/**
 * The label shown on a demand: the PM's override when there is one, else the quadrant's verdict;
 * null while the demand is not scored.
 */
export function demandVerdictLabel({ scores, override }: { scores: ValueScores | null; override: VerdictOverride | null }): DemandVerdictLabel | null {
  if (!scores) return null;
  const defaultVerdict = defaultDemandVerdict(scores);
  if (!override || override.verdict === defaultVerdict) {
    return { verdict: defaultVerdict, defaultVerdict, overridden: false, overrideReason: null };
  }
  return { verdict: override.verdict, defaultVerdict, overridden: true, overrideReason: override.reason };
}

/** Checks one 0–10 score; the field name goes into the error. */
export function checkValueScore(value: number): { ok: true } | { ok: false; reason: string } {
  if (!Number.isInteger(value) || value < valueScoreMin || value > valueScoreMax) {
    return { ok: false, reason: `must be a whole number from ${valueScoreMin} to ${valueScoreMax}` };
  }
  return { ok: true };
}

/** Weight of one asker when the PM sizes points by tier: head 3, waist 2, tail 1 (no organization: 1). */
export const tierWeights: Readonly<Record<OrganizationTier, number>> = { head: 3, waist: 2, tail: 1 };

/**
 * How big a demand is on the chart: the number of distinct askers (who asked or voted "me too"),
 * or, weighted, the sum of their tier weights.
 */
export function demandSize({ askers, weighted }: { askers: { tier: OrganizationTier | null }[]; weighted: boolean }): number {
  if (!weighted) return askers.length;
  return askers.reduce((sum, asker) => sum + (asker.tier ? tierWeights[asker.tier] : 1), 0);
}

const statusMoves: Readonly<Record<DemandStatus, readonly DemandStatus[]>> = {
  new: ['under_review', 'planned', 'declined'],
  under_review: ['new', 'planned', 'declined'],
  planned: ['under_review', 'declined'],
  // Shipped comes only from a published release note, and stays.
  shipped: [],
  declined: ['new', 'under_review', 'planned'],
};

/**
 * Whether staff may move a demand from one status to another by hand. Declining needs a reason
 * (shown to the askers); shipping happens only through a published release note.
 */
export function checkDemandStatusChange({
  from,
  to,
  reason,
}: {
  from: DemandStatus;
  to: DemandStatus;
  reason: string | null;
}): { ok: true } | { ok: false; reason: 'SAME_STATUS' | 'NOT_ALLOWED' | 'SHIPPED_BY_RELEASE_NOTE' | 'REASON_REQUIRED' } {
  if (from === to) return { ok: false, reason: 'SAME_STATUS' };
  if (to === 'shipped') return { ok: false, reason: 'SHIPPED_BY_RELEASE_NOTE' };
  if (!statusMoves[from].includes(to)) return { ok: false, reason: 'NOT_ALLOWED' };
  if (to === 'declined' && (reason === null || reason.trim() === '')) return { ok: false, reason: 'REASON_REQUIRED' };
  return { ok: true };
}
