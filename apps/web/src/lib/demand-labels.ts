import type { DemandSummary } from '@townhall/contracts';

export const demandStatusLabels: Record<DemandSummary['status'], string> = {
  new: 'New',
  under_review: 'Under review',
  planned: 'Planned',
  shipped: 'Shipped',
  declined: 'Declined',
};

export const valueKindLabels: Record<DemandSummary['valueKinds'][number], string> = {
  user_growth: 'User growth',
  operating_efficiency: 'Operating efficiency',
  digital_maturity: 'Digital maturity',
  experience_security_stability: 'Experience, security, stability',
};

export const verdictLabels: Record<NonNullable<DemandSummary['verdict']>['verdict'], string> = {
  do: 'Do',
  be_prudent: 'Be prudent',
  wont_do: "Won't do",
};
