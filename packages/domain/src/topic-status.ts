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
