import type { LifecycleStage, OrganizationTier } from './organizations.ts';
import type { Role } from './roles.ts';

/** Why someone cannot apply to a beta program; each comes with a sentence for the page. */
export type EligibilityReasonCode =
  | 'NOT_A_CUSTOMER'
  | 'NOT_RECRUITING'
  | 'DEADLINE_PASSED'
  | 'NO_ORGANIZATION'
  | 'TIER_NOT_ELIGIBLE'
  | 'STAGE_NOT_ELIGIBLE'
  | 'ORGANIZATION_NOT_ELIGIBLE'
  | 'ALREADY_APPLIED';

export type EligibilityReason = { code: EligibilityReasonCode; message: string };

export type BetaEligibilityRules = {
  status: 'draft' | 'recruiting' | 'running' | 'closed';
  /** Empty means any tier; the same for stages. */
  eligibleTiers: readonly OrganizationTier[];
  eligibleStages: readonly LifecycleStage[];
  /** Named organizations are eligible whatever their tier and stage. */
  eligibleOrganizationIds: readonly number[];
  applicationDeadline: Date;
};

export type ApplicantOrganization = { id: number; tier: OrganizationTier; lifecycleStage: LifecycleStage } | null;

export type EligibilityResult = { eligible: true } | { eligible: false; reasons: EligibilityReason[] };

/**
 * Whether a person may apply to a program now, and every reason they may not. Named
 * organizations are admitted directly; otherwise tier and stage must both match (an empty list
 * matches all). A program restricted to named organizations only admits those.
 */
export function checkEligibility({
  role,
  organization,
  program,
  now,
  alreadyApplied = false,
}: {
  role: Role;
  organization: ApplicantOrganization;
  program: BetaEligibilityRules;
  now: Date;
  alreadyApplied?: boolean;
}): EligibilityResult {
  const reasons: EligibilityReason[] = [];
  if (role !== 'customer') reasons.push({ code: 'NOT_A_CUSTOMER', message: 'Beta programs recruit customers' });
  if (program.status !== 'recruiting') reasons.push({ code: 'NOT_RECRUITING', message: 'This program is not recruiting' });
  else if (now.getTime() > program.applicationDeadline.getTime()) {
    reasons.push({ code: 'DEADLINE_PASSED', message: 'The application deadline has passed' });
  }
  if (alreadyApplied) reasons.push({ code: 'ALREADY_APPLIED', message: 'You have already applied' });
  reasons.push(...organizationReasons(organization, program));
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}

// Customers are not told how the vendor classifies accounts (tier and lifecycle stage are
// staff-only, as on person cards): the messages name neither the applicant's tier or stage nor the
// program's, which would tell them theirs by elimination.
const selectedAccountsOnly = 'This program is open to selected accounts only';
function organizationReasons(organization: ApplicantOrganization, program: BetaEligibilityRules): EligibilityReason[] {
  const restricted = program.eligibleTiers.length > 0 || program.eligibleStages.length > 0 || program.eligibleOrganizationIds.length > 0;
  if (!restricted) return [];
  if (!organization) return [{ code: 'NO_ORGANIZATION', message: 'This program is for customers of given organizations; your account has none' }];
  if (program.eligibleOrganizationIds.includes(organization.id)) return [];
  if (program.eligibleTiers.length === 0 && program.eligibleStages.length === 0) {
    return [{ code: 'ORGANIZATION_NOT_ELIGIBLE', message: 'This program is open to invited organizations only' }];
  }
  const reasons: EligibilityReason[] = [];
  if (program.eligibleTiers.length > 0 && !program.eligibleTiers.includes(organization.tier)) {
    reasons.push({ code: 'TIER_NOT_ELIGIBLE', message: selectedAccountsOnly });
  }
  if (program.eligibleStages.length > 0 && !program.eligibleStages.includes(organization.lifecycleStage)) {
    reasons.push({ code: 'STAGE_NOT_ELIGIBLE', message: selectedAccountsOnly });
  }
  return reasons;
}
