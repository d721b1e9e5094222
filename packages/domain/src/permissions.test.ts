import { describe, expect, it } from 'vitest';
import { can, decide, readableVisibilities } from './permissions.ts';
import type { BoardRef } from './permissions.ts';
import type { Role } from './roles.ts';

const publicQa: BoardRef = { kind: 'qa', visibility: 'public' };
const membersQa: BoardRef = { kind: 'qa', visibility: 'members' };
const publicNotes: BoardRef = { kind: 'release_notes', visibility: 'public' };

describe('decide', () => {
  it.each<[Role, BoardRef, string]>([
    ['guest', publicQa, 'ok'],
    ['guest', membersQa, 'SIGN_IN_REQUIRED'],
    ['customer', membersQa, 'ok'],
    ['admin', membersQa, 'ok'],
  ])('lets %s read a %j board: %s', (role, board, expected) => {
    const decision = decide({ role, action: 'board.read', board });
    expect(decision.ok ? 'ok' : decision.reason).toBe(expected);
  });

  it.each<[Role, BoardRef, string]>([
    ['guest', publicQa, 'SIGN_IN_REQUIRED'],
    ['customer', publicQa, 'ok'],
    ['ops', publicQa, 'ok'],
    ['pm', publicQa, 'ok'],
    ['admin', publicQa, 'ok'],
    ['customer', publicNotes, 'FORBIDDEN'],
    ['customer', membersQa, 'ok'],
  ])('lets %s create a topic on %j: %s', (role, board, expected) => {
    const decision = decide({ role, action: 'topic.create', board });
    expect(decision.ok ? 'ok' : decision.reason).toBe(expected);
  });

  it('requires sign-in for account actions', () => {
    expect(decide({ role: 'guest', action: 'account.read' })).toEqual({ ok: false, reason: 'SIGN_IN_REQUIRED' });
    expect(can({ role: 'customer', action: 'account.read' })).toBe(true);
  });
});

describe('readableVisibilities', () => {
  it('limits guests to public boards', () => {
    expect(readableVisibilities('guest')).toEqual(['public']);
    expect(readableVisibilities('customer')).toEqual(['public', 'members']);
  });
});
