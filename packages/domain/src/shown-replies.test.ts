import { describe, expect, it } from 'vitest';
import { shownReplyCount } from './shown-replies.ts';

describe('shownReplyCount', () => {
  it.each([
    ['staff see every reply', { replyCount: 5, hiddenReplyCount: 2 }, true, 5],
    ['others see those not hidden or deleted', { replyCount: 5, hiddenReplyCount: 2 }, false, 3],
    ['a topic whose only reply is hidden shows none', { replyCount: 1, hiddenReplyCount: 1 }, false, 0],
    ['nothing hidden: the same for all', { replyCount: 4, hiddenReplyCount: 0 }, false, 4],
    ['never below zero, even if the counts disagree for a moment', { replyCount: 0, hiddenReplyCount: 1 }, false, 0],
  ])('%s', (_title, topic, staff, expected) => {
    expect(shownReplyCount(topic, staff)).toBe(expected);
  });
});
