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

  it('lets every signed-in role, and no guest, look people up to mention them', () => {
    expect(decide({ role: 'guest', action: 'people.mention' })).toEqual({ ok: false, reason: 'SIGN_IN_REQUIRED' });
    for (const role of ['customer', 'ops', 'pm', 'admin'] as const) expect(can({ role, action: 'people.mention' })).toBe(true);
  });
});

describe('readableVisibilities', () => {
  it('limits guests to public boards and keeps participant boards to staff', () => {
    expect(readableVisibilities('guest')).toEqual(['public']);
    expect(readableVisibilities('customer')).toEqual(['public', 'members']);
    expect(readableVisibilities('ops')).toEqual(['public', 'members', 'participants']);
  });
});

describe('participant boards', () => {
  const feedback: BoardRef = { kind: 'beta', visibility: 'participants' };
  it.each<[Role, boolean | undefined, string]>([
    ['customer', true, 'ok'],
    ['customer', false, 'NOT_FOUND'],
    ['customer', undefined, 'NOT_FOUND'],
    ['guest', true, 'SIGN_IN_REQUIRED'],
    ['pm', false, 'ok'],
  ])('lets %s (participant: %s) read a feedback area: %s', (role, isParticipant, expected) => {
    const decision = decide({ role, action: 'board.read', board: feedback, isParticipant });
    expect(decision.ok ? 'ok' : decision.reason).toBe(expected);
  });
});

describe('owner rules', () => {
  it.each<[Role, boolean | undefined, string]>([
    ['customer', true, 'ok'],
    ['customer', false, 'FORBIDDEN'],
    ['customer', undefined, 'ok'],
    ['ops', false, 'ok'],
    ['guest', true, 'SIGN_IN_REQUIRED'],
  ])('lets %s (owner: %s) edit a post: %s', (role, isOwner, expected) => {
    const decision = decide({ role, action: 'post.edit', isOwner });
    expect(decision.ok ? 'ok' : decision.reason).toBe(expected);
  });

  it('lets only the asker or staff accept an answer, on Q&A only', () => {
    expect(can({ role: 'customer', action: 'answer.accept', board: publicQa, isOwner: true })).toBe(true);
    expect(can({ role: 'customer', action: 'answer.accept', board: publicQa, isOwner: false })).toBe(false);
    expect(can({ role: 'pm', action: 'answer.accept', board: publicQa, isOwner: false })).toBe(true);
    expect(can({ role: 'pm', action: 'answer.accept', board: publicNotes, isOwner: false })).toBe(false);
  });

  it('lets only PMs and admins publish release notes', () => {
    expect(can({ role: 'pm', action: 'releaseNote.publish', board: publicNotes })).toBe(true);
    expect(can({ role: 'admin', action: 'releaseNote.publish', board: publicNotes })).toBe(true);
    expect(can({ role: 'ops', action: 'releaseNote.publish', board: publicNotes })).toBe(false);
    expect(can({ role: 'customer', action: 'releaseNote.publish', board: publicNotes })).toBe(false);
  });
});

describe('SLA actions', () => {
  it.each<[Role, boolean, boolean, boolean]>([
    ['guest', false, false, false],
    ['customer', false, false, false],
    ['ops', true, true, false],
    ['pm', true, true, false],
    ['admin', true, true, true],
  ])('lets %s read clocks: %s, work them and keep coverage: %s, configure: %s', (role, read, work, configure) => {
    expect(can({ role, action: 'sla.read' })).toBe(read);
    expect(can({ role, action: 'sla.work', board: publicQa })).toBe(work);
    expect(can({ role, action: 'coverage.manageOwn' })).toBe(work);
    expect(can({ role, action: 'sla.configure' })).toBe(configure);
  });

  it('works clocks on Q&A only', () => {
    expect(can({ role: 'ops', action: 'sla.work', board: publicNotes })).toBe(false);
  });
});
