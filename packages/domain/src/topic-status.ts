import type { TopicStatus } from './boards.ts';

/**
 * A question's status after a new reply: a staff reply answers an open question; the asker's
 * follow-up on an answered question opens it again. Solved and closed questions keep their status.
 */
export function topicStatusAfterReply({
  status,
  replyIsFromStaff,
  replyIsFromAsker,
}: {
  status: TopicStatus;
  replyIsFromStaff: boolean;
  replyIsFromAsker: boolean;
}): TopicStatus {
  if (status === 'open' && replyIsFromStaff) return 'answered';
  if (status === 'answered' && replyIsFromAsker && !replyIsFromStaff) return 'open';
  return status;
}

/** The status a question falls back to when its accepted answer is withdrawn. */
export function topicStatusWithoutAcceptedAnswer({ hasStaffReply }: { hasStaffReply: boolean }): TopicStatus {
  return hasStaffReply ? 'answered' : 'open';
}

export const closeReasons = ['duplicate', 'off-topic', 'resolved-elsewhere', 'no-response'] as const;
export type CloseReason = (typeof closeReasons)[number];

/**
 * Checks a staff status change: closing needs a reason; solving needs an accepted answer (accept
 * one instead); other changes need no reason.
 */
export function checkStatusChange({
  to,
  reason,
  hasAcceptedAnswer,
}: {
  to: TopicStatus;
  reason: CloseReason | null;
  hasAcceptedAnswer: boolean;
}): { ok: true } | { ok: false; field: 'reason' | 'status'; reason: string } {
  if (to === 'closed' && !reason) return { ok: false, field: 'reason', reason: 'Closing a question needs a reason' };
  if (to !== 'closed' && reason) return { ok: false, field: 'reason', reason: 'Only closing takes a reason' };
  if (to === 'solved' && !hasAcceptedAnswer) {
    return { ok: false, field: 'status', reason: 'A question is solved by accepting an answer' };
  }
  return { ok: true };
}
