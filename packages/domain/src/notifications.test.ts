import { describe, expect, it } from 'vitest';
import { emailDelayMinutes, notificationPath, recipientsForNewPost, dueEmailSkipReason, type PostNotificationInput } from './notifications.ts';

const base: PostNotificationInput = {
  authorId: 1,
  topicAuthorId: 2,
  isOpeningPost: false,
  isQuestion: true,
  topicWatches: [],
  boardWatches: [],
  mentionedUserIds: [],
};

describe('recipientsForNewPost', () => {
  it.each<[string, Partial<PostNotificationInput>, { userId: number; kind: string }[]]>([
    ['the asker hears about an answer', {}, [{ userId: 2, kind: 'question_answered' }]],
    ['outside Q&A the topic author hears about a reply', { isQuestion: false }, [{ userId: 2, kind: 'topic_reply' }]],
    ['nobody hears about their own reply', { authorId: 2 }, []],
    [
      'watchers hear about replies',
      { topicWatches: [{ userId: 3, level: 'watching' }] },
      [
        { userId: 2, kind: 'question_answered' },
        { userId: 3, kind: 'topic_reply' },
      ],
    ],
    ['a mention beats an answer to your question', { mentionedUserIds: [2] }, [{ userId: 2, kind: 'mention' }]],
    [
      'a mention beats watching',
      { topicWatches: [{ userId: 3, level: 'watching' }], mentionedUserIds: [3] },
      [
        { userId: 3, kind: 'mention' },
        { userId: 2, kind: 'question_answered' },
      ],
    ],
    ['muting the topic silences the asker', { topicWatches: [{ userId: 2, level: 'muted' }] }, []],
    ['muting the topic silences mentions', { topicWatches: [{ userId: 3, level: 'muted' }], mentionedUserIds: [3] }, [{ userId: 2, kind: 'question_answered' }]],
    ['muting the board silences everything from it', { boardWatches: [{ userId: 2, level: 'muted' }], mentionedUserIds: [2] }, []],
    ['mentioning yourself does nothing', { mentionedUserIds: [1] }, [{ userId: 2, kind: 'question_answered' }]],
    [
      'a new topic reaches the board watchers, not topic watchers',
      {
        isOpeningPost: true,
        authorId: 2,
        boardWatches: [
          { userId: 4, level: 'watching' },
          { userId: 5, level: 'muted' },
        ],
        topicWatches: [{ userId: 2, level: 'watching' }],
      },
      [{ userId: 4, kind: 'new_topic' }],
    ],
    ['a new topic can mention people', { isOpeningPost: true, authorId: 2, mentionedUserIds: [6] }, [{ userId: 6, kind: 'mention' }]],
    ['each person once', { topicWatches: [{ userId: 2, level: 'watching' }] }, [{ userId: 2, kind: 'question_answered' }]],
  ])('%s', (_name, change, expected) => {
    expect(recipientsForNewPost({ ...base, ...change })).toEqual(expected);
  });
});

describe('emailDelayMinutes', () => {
  it('waits the delay for immediate e-mail', () => {
    expect(emailDelayMinutes({ frequency: 'immediately', delayMinutes: 10 })).toBe(10);
    expect(emailDelayMinutes({ frequency: 'immediately', delayMinutes: 0 })).toBe(0);
  });
  it.each(['daily', 'never'] as const)('sends nothing of its own for %s', (frequency) => {
    expect(emailDelayMinutes({ frequency, delayMinutes: 10 })).toBeNull();
  });
});

describe('dueEmailSkipReason', () => {
  const due = { read: false, active: true, frequency: 'immediately', readable: true } as const;
  it('sends an unread notification to an active reader who wants e-mail at once', () => {
    expect(dueEmailSkipReason(due)).toBeNull();
  });
  it.each([
    ['read meanwhile', { read: true }, 'read'],
    ['deactivated since', { active: false }, 'deactivated'],
    ['switched to the daily digest', { frequency: 'daily' }, 'digest'],
    ['switched e-mail off', { frequency: 'never' }, 'off'],
    ['no longer readable', { readable: false }, 'unreadable'],
  ] as const)('sends nothing when %s', (_case, change, reason) => {
    expect(dueEmailSkipReason({ ...due, ...change })).toBe(reason);
  });
  it('names the first reason that holds: reading it beats everything else', () => {
    expect(dueEmailSkipReason({ read: true, active: false, frequency: 'never', readable: false })).toBe('read');
    expect(dueEmailSkipReason({ read: false, active: false, frequency: 'never', readable: false })).toBe('deactivated');
    expect(dueEmailSkipReason({ read: false, active: true, frequency: 'never', readable: false })).toBe('unreadable');
  });
});

describe('notificationPath', () => {
  it.each([
    ['a reply in a question', { topicId: 5, postId: 30, board: { kind: 'qa', visibility: 'public' } }, '/t/5?near=30#post-30'],
    ['a topic as a whole', { topicId: 5, postId: null, board: { kind: 'qa', visibility: 'public' } }, '/t/5'],
    ['a release note', { topicId: 7, postId: null, board: { kind: 'release_notes', visibility: 'public' } }, '/release-notes/7'],
    ['a comment on a release note', { topicId: 7, postId: 40, board: { kind: 'release_notes', visibility: 'public' } }, '/release-notes/7?near=40#post-40'],
    ['a beta program', { topicId: 9, postId: null, board: { kind: 'beta', visibility: 'members' } }, '/beta/9'],
    ['a feedback-area topic', { topicId: 11, postId: 2, board: { kind: 'beta', visibility: 'participants' } }, '/t/11?near=2#post-2'],
    ['nothing to point at', { topicId: null, postId: null, board: null }, '/notifications'],
  ] as const)('%s', (_name, input, path) => {
    expect(notificationPath(input)).toBe(path);
  });
});
