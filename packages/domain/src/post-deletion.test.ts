import { describe, expect, it } from 'vitest';
import { authorMayDeletePost } from './post-deletion.ts';

describe('authorMayDeletePost', () => {
  it('lets the author delete a question nobody has replied to', () => {
    expect(authorMayDeletePost({ postNumber: 1, topicReplyCount: 0 })).toBe(true);
  });

  it('keeps a question that has replies, hidden ones included, since they would go with it', () => {
    expect(authorMayDeletePost({ postNumber: 1, topicReplyCount: 1 })).toBe(false);
    expect(authorMayDeletePost({ postNumber: 1, topicReplyCount: 40 })).toBe(false);
  });

  it('lets the author delete a reply whatever else is on the topic', () => {
    expect(authorMayDeletePost({ postNumber: 2, topicReplyCount: 1 })).toBe(true);
    expect(authorMayDeletePost({ postNumber: 7, topicReplyCount: 30 })).toBe(true);
  });
});
