import type { TopicDetailQuery, TopicPostsPage } from '@townhall/contracts';
import { AppError } from '../../errors.ts';
import type { PostWindow, PostWindowRequest } from './topics.repository.ts';

/**
 * The window of replies a query asks for (a topic's replies, a release note's comments); at most
 * one of `after`, `before` and `near`.
 */
export function postWindowOf(query: Pick<TopicDetailQuery, 'after' | 'before' | 'near'>): PostWindowRequest {
  const given = (['after', 'before', 'near'] as const).filter((name) => query[name] !== undefined);
  if (given.length > 1) throw new AppError('VALIDATION_FAILED', `${given[1]} cannot be combined with ${given[0]}`, given[1]);
  if (query.after !== undefined) return { from: 'after', postNumber: query.after };
  if (query.before !== undefined) return { from: 'before', postNumber: query.before };
  if (query.near !== undefined) return { from: 'near', postId: query.near };
  return { from: 'start' };
}

/** Where a window of replies sits in its topic, as the API answers it. */
export function postsPageOf(window: PostWindow, limit: number): TopicPostsPage {
  return {
    limit,
    total: window.total,
    firstPostNumber: window.replies[0]?.postNumber ?? null,
    lastPostNumber: window.replies.at(-1)?.postNumber ?? null,
    hasEarlier: window.earlierCount > 0,
    earlierCount: window.earlierCount,
    hasLater: window.laterCount > 0,
    laterCount: window.laterCount,
  };
}
