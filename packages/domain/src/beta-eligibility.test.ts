import { describe, expect, it } from 'vitest';
import { checkEligibility, type ApplicantOrganization, type BetaEligibilityRules } from './beta-eligibility.ts';
import type { Role } from './roles.ts';

const now = new Date('2026-05-01T12:00:00Z');
const open: BetaEligibilityRules = {
  status: 'recruiting',
  eligibleTiers: [],
  eligibleStages: [],
  eligibleOrganizationIds: [],
  applicationDeadline: new Date('2026-05-10T00:00:00Z'),
};
const acme: ApplicantOrganization = { id: 7, tier: 'head', lifecycleStage: 'adoption' };
const tiny: ApplicantOrganization = { id: 8, tier: 'tail', lifecycleStage: 'onboarding' };

describe('checkEligibility', () => {
  it.each<[string, Role, ApplicantOrganization, Partial<BetaEligibilityRules>, boolean, string[]]>([
    ['admits any customer to an open program', 'customer', null, {}, false, []],
    ['refuses staff', 'pm', acme, {}, false, ['NOT_A_CUSTOMER']],
    ['refuses a draft', 'customer', acme, { status: 'draft' }, false, ['NOT_RECRUITING']],
    ['refuses a running program', 'customer', acme, { status: 'running' }, false, ['NOT_RECRUITING']],
    ['refuses after the deadline', 'customer', acme, { applicationDeadline: new Date('2026-04-30T00:00:00Z') }, false, ['DEADLINE_PASSED']],
    ['refuses a second application', 'customer', acme, {}, true, ['ALREADY_APPLIED']],
    ['admits a matching tier', 'customer', acme, { eligibleTiers: ['head', 'waist'] }, false, []],
    ['refuses another tier', 'customer', tiny, { eligibleTiers: ['head'] }, false, ['TIER_NOT_ELIGIBLE']],
    ['refuses another stage', 'customer', acme, { eligibleStages: ['expansion'] }, false, ['STAGE_NOT_ELIGIBLE']],
    ['gives both reasons', 'customer', tiny, { eligibleTiers: ['head'], eligibleStages: ['expansion'] }, false, ['TIER_NOT_ELIGIBLE', 'STAGE_NOT_ELIGIBLE']],
    ['admits a named organization whatever its tier', 'customer', tiny, { eligibleTiers: ['head'], eligibleOrganizationIds: [8] }, false, []],
    ['refuses others when only named organizations may apply', 'customer', acme, { eligibleOrganizationIds: [8] }, false, ['ORGANIZATION_NOT_ELIGIBLE']],
    ['refuses a customer without organization when restricted', 'customer', null, { eligibleTiers: ['tail'] }, false, ['NO_ORGANIZATION']],
  ])('%s', (_title, role, organization, overrides, alreadyApplied, expected) => {
    const result = checkEligibility({ role, organization, program: { ...open, ...overrides }, now, alreadyApplied });
    expect(result.eligible ? [] : result.reasons.map((reason) => reason.code)).toEqual(expected);
    if (!result.eligible) for (const reason of result.reasons) expect(reason.message).not.toBe('');
  });

  it("names neither the applicant's tier or stage nor the program's: both are staff-only", () => {
    const result = checkEligibility({ role: 'customer', organization: tiny, program: { ...open, eligibleTiers: ['head'], eligibleStages: ['expansion'] }, now });
    expect(result.eligible).toBe(false);
    const messages = result.eligible ? '' : result.reasons.map((reason) => reason.message).join(' ');
    expect(messages).toContain('selected accounts only');
    expect(messages).not.toMatch(/head|expansion|tail|onboarding/);
  });
});
