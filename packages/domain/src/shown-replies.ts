/**
 * How many replies a topic shows its reader: staff see every reply, hidden and deleted ones
 * included (greyed out); everyone else sees only the others, so a count must not tell them that
 * something was taken away.
 */
export function shownReplyCount(topic: { replyCount: number; hiddenReplyCount: number }, readerIsStaff: boolean): number {
  return readerIsStaff ? topic.replyCount : Math.max(0, topic.replyCount - topic.hiddenReplyCount);
}
