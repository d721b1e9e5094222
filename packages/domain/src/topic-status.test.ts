import { describe, expect, it } from 'vitest';
import type { TopicStatus } from './boards.ts';
import { checkStatusChange, topicStatusAfterReply, topicStatusWithoutAcceptedAnswer } from './topic-status.ts';

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

describe('checkStatusChange', () => {
  it.each([
    [{ to: 'closed', reason: 'duplicate', hasAcceptedAnswer: false }, true],
    [{ to: 'closed', reason: null, hasAcceptedAnswer: false }, false],
    [{ to: 'open', reason: null, hasAcceptedAnswer: true }, true],
    [{ to: 'open', reason: 'duplicate', hasAcceptedAnswer: false }, false],
    [{ to: 'solved', reason: null, hasAcceptedAnswer: false }, false],
    [{ to: 'solved', reason: null, hasAcceptedAnswer: true }, true],
    [{ to: 'answered', reason: null, hasAcceptedAnswer: false }, true],
  ] as const)('judges %j: %s', (input, ok) => {
    expect(checkStatusChange(input).ok).toBe(ok);
  });
});

describe('topicStatusWithoutAcceptedAnswer', () => {
  it('falls back to answered when staff replied, else open', () => {
    expect(topicStatusWithoutAcceptedAnswer({ hasStaffReply: true })).toBe('answered');
    expect(topicStatusWithoutAcceptedAnswer({ hasStaffReply: false })).toBe('open');
  });
});
