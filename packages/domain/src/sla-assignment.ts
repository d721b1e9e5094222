/** What a staff member does with a question's assignment. */
export type SlaAssignmentChange = 'take' | 'release';

export type SlaAssignmentResult =
  | { ok: true; assigneeId: number | null; changed: boolean }
  | { ok: false; code: 'SLA_CLOCK_NOT_OPEN' | 'SLA_ASSIGNED_TO_SOMEONE_ELSE'; reason: string };

/**
 * The assignee after "I'm on it" (`take`) or "Release": a staff member takes a question whose
 * clock is open (running or paused) when nobody has it, or it is already theirs; they release
 * their own. Someone else's question cannot be taken over, and only an admin releases it for
 * them (a colleague who left). Releasing an unassigned question changes nothing.
 */
export function nextSlaAssignee({
  change,
  currentAssigneeId,
  actorId,
  actorIsAdmin,
  clockOpen,
}: {
  change: SlaAssignmentChange;
  currentAssigneeId: number | null;
  actorId: number;
  actorIsAdmin: boolean;
  /** The question has a running or paused clock. */
  clockOpen: boolean;
}): SlaAssignmentResult {
  if (change === 'take') {
    if (!clockOpen) return { ok: false, code: 'SLA_CLOCK_NOT_OPEN', reason: 'Only a question waiting for a staff response can be taken' };
    if (currentAssigneeId === actorId) return { ok: true, assigneeId: actorId, changed: false };
    if (currentAssigneeId !== null) return { ok: false, code: 'SLA_ASSIGNED_TO_SOMEONE_ELSE', reason: 'Someone else is already on this question' };
    return { ok: true, assigneeId: actorId, changed: true };
  }
  if (currentAssigneeId === null) return { ok: true, assigneeId: null, changed: false };
  if (currentAssigneeId !== actorId && !actorIsAdmin) {
    return { ok: false, code: 'SLA_ASSIGNED_TO_SOMEONE_ELSE', reason: 'Only the person on this question (or an admin) can release it' };
  }
  return { ok: true, assigneeId: null, changed: true };
}
