/** A beta program's life: drafted, recruiting applicants, running with participants, closed. */
export const betaProgramStatuses = ['draft', 'recruiting', 'running', 'closed'] as const;
export type BetaProgramStatus = (typeof betaProgramStatuses)[number];

export const betaApplicationStatuses = ['pending', 'accepted', 'waitlisted', 'declined', 'withdrawn', 'removed'] as const;
export type BetaApplicationStatus = (typeof betaApplicationStatuses)[number];

const next: Record<BetaProgramStatus, readonly BetaProgramStatus[]> = {
  draft: ['recruiting'],
  recruiting: ['running', 'closed'],
  running: ['closed'],
  closed: [],
};

/** Programs move forward one step at a time; recruiting may also close without running. */
export function checkProgramTransition({ from, to }: { from: BetaProgramStatus; to: BetaProgramStatus }): { ok: true } | { ok: false; reason: string } {
  if (next[from].includes(to)) return { ok: true };
  return { ok: false, reason: `a ${from} program cannot become ${to}` };
}

/** Decisions a PM can take on an application, and from which statuses. */
export const betaDecisions = ['accept', 'waitlist', 'decline', 'remove'] as const;
export type BetaDecision = (typeof betaDecisions)[number];

const decidableFrom: Record<BetaDecision, readonly BetaApplicationStatus[]> = {
  accept: ['pending', 'waitlisted'],
  waitlist: ['pending'],
  decline: ['pending', 'waitlisted'],
  remove: ['accepted'],
};

/** Whether `decision` applies to an application in `status`. */
export function checkDecision({ decision, status }: { decision: BetaDecision; status: BetaApplicationStatus }): { ok: true } | { ok: false; reason: string } {
  if (decidableFrom[decision].includes(status)) return { ok: true };
  return { ok: false, reason: `cannot ${decision} an application that is ${status}` };
}
