import { describe, expect, it } from 'vitest';
import type { TopicStatus } from './boards.ts';
import { topicStatusAfterReply } from './topic-status.ts';

describe('topicStatusAfterReply', () => {
  it.each<[TopicStatus, boolean, boolean, TopicStatus]>([
    ['open', true, false, 'answered'],
    ['open', false, false, 'open'],
    ['open', false, true, 'open'],
    ['answered', false, true, 'open'],
    ['answered', false, false, 'answered'],
    ['answered', true, false, 'answered'],
    ['answered', true, true, 'answered'],
    ['solved', true, false, 'solved'],
    ['solved', false, true, 'solved'],
    ['closed', true, false, 'closed'],
  ])('moves %s with staff=%s asker=%s to %s', (status, replyIsFromStaff, replyIsFromAsker, expected) => {
    expect(topicStatusAfterReply({ status, replyIsFromStaff, replyIsFromAsker })).toBe(expected);
  });
});
