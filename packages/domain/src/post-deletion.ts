/**
 * Whether an author may delete their own post. Deleting a question's opening post deletes the
 * question with every answer on it, so its author may do that only while nobody has replied:
 * afterwards the answers are other people's words (as on Discourse and GitHub Discussions, where
 * a thread with replies stays). Replies their authors may always delete; staff may delete any
 * post, and restore it.
 */
export function authorMayDeletePost({ postNumber, topicReplyCount }: { postNumber: number; topicReplyCount: number }): boolean {
  return postNumber > 1 || topicReplyCount === 0;
}
