import { describe, expect, it } from 'vitest';
import { decide, type Action, type BoardRef } from './permissions.ts';
import type { Role } from './roles.ts';

const feedback: BoardRef = { kind: 'beta', visibility: 'participants' };
const betaBoard: BoardRef = { kind: 'beta', visibility: 'members' };

describe('beta permissions', () => {
  it.each<[Role, Action, BoardRef | undefined, boolean | undefined, string]>([
    ['pm', 'beta.manage', undefined, undefined, 'ok'],
    ['admin', 'beta.manage', undefined, undefined, 'ok'],
    ['ops', 'beta.manage', undefined, undefined, 'FORBIDDEN'],
    ['customer', 'beta.manage', undefined, undefined, 'FORBIDDEN'],
    ['customer', 'beta.apply', undefined, undefined, 'ok'],
    ['pm', 'beta.apply', undefined, undefined, 'FORBIDDEN'],
    ['guest', 'beta.apply', undefined, undefined, 'SIGN_IN_REQUIRED'],
    ['customer', 'topic.create', feedback, true, 'ok'],
    ['customer', 'topic.create', feedback, false, 'NOT_FOUND'],
    ['pm', 'topic.create', feedback, undefined, 'ok'],
    ['customer', 'post.create', feedback, true, 'ok'],
    ['customer', 'topic.create', betaBoard, undefined, 'FORBIDDEN'],
    ['pm', 'topic.create', betaBoard, undefined, 'FORBIDDEN'],
    ['customer', 'post.create', betaBoard, undefined, 'FORBIDDEN'],
  ])('%s %s on %o (participant %s): %s', (role, action, board, isParticipant, expected) => {
    const decision = decide({ role, action, board, isParticipant });
    expect(decision.ok ? 'ok' : decision.reason).toBe(expected);
  });
});
