/**
 * The address of a post inside its topic: `?near=` opens the page of replies that holds it (long
 * topics load in pages), the fragment scrolls to it.
 */
export function topicPostPath(topicId: number, postId: number): string {
  return `/t/${topicId}?near=${postId}#post-${postId}`;
}

/** A link to a comment on a release note: the page of comments that holds it. */
export function releaseNoteCommentPath(noteId: number, postId: number): string {
  return `/release-notes/${noteId}?near=${postId}#post-${postId}`;
}

/** The post a `#post-<id>` fragment points at, or null for any other fragment. */
export function postIdFromFragment(hash: string): number | null {
  const match = /^#post-([1-9][0-9]{0,15})$/.exec(hash);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * A link to a post where its readers see it: a release note's comment on the note's page, any
 * other post in its topic.
 */
export function postPath({ boardKind, topicId, postId }: { boardKind: string; topicId: number; postId: number }): string {
  return boardKind === 'release_notes' ? releaseNoteCommentPath(topicId, postId) : topicPostPath(topicId, postId);
}
