import type { Post } from '@townhall/contracts';

/**
 * Whether a reader may open a post's history (the API's `post.readRevisions`): staff read every
 * post's, and the author their own, whatever else they may still do with it (staff may have
 * edited it, or replies may have taken their delete away).
 */
export function mayReadHistory(post: Pick<Post, 'canModerate' | 'author'>, readerId: number | null | undefined): boolean {
  return post.canModerate || (readerId != null && readerId === post.author.id);
}
