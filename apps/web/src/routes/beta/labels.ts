import type { BetaApplicationStatus, BetaProgramStatus } from '@townhall/contracts';

export const programStatusLabels: Record<BetaProgramStatus, string> = {
  draft: 'Draft',
  recruiting: 'Recruiting',
  running: 'Running',
  closed: 'Closed',
};

export const applicationStatusLabels: Record<BetaApplicationStatus, string> = {
  pending: 'Pending review',
  accepted: 'Accepted',
  waitlisted: 'On the waitlist',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  removed: 'Removed',
};

/** The status a program can move to next, with the button's words. */
export const nextProgramStatus: Partial<Record<BetaProgramStatus, { status: BetaProgramStatus; label: string }[]>> = {
  draft: [{ status: 'recruiting', label: 'Open recruiting' }],
  recruiting: [
    { status: 'running', label: 'Start the beta' },
    { status: 'closed', label: 'Close' },
  ],
  running: [{ status: 'closed', label: 'Close the beta' }],
};
