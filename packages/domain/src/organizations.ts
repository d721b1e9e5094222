/** Customer companies are grouped by account size. */
export const organizationTiers = ['head', 'waist', 'tail'] as const;
export type OrganizationTier = (typeof organizationTiers)[number];

/** Where a customer company stands in its life with the vendor. */
export const lifecycleStages = ['onboarding', 'adoption', 'expansion', 'renewal', 'churn-risk'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];
