import { describe, expect, it } from 'vitest';
import { checkDecision, checkProgramTransition, type BetaApplicationStatus, type BetaDecision, type BetaProgramStatus } from './beta-program-status.ts';

describe('checkProgramTransition', () => {
  it.each<[BetaProgramStatus, BetaProgramStatus, boolean]>([
    ['draft', 'recruiting', true],
    ['recruiting', 'running', true],
    ['running', 'closed', true],
    ['recruiting', 'closed', true],
    ['draft', 'running', false],
    ['running', 'recruiting', false],
    ['closed', 'recruiting', false],
    ['draft', 'draft', false],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(checkProgramTransition({ from, to }).ok).toBe(expected);
  });
});

describe('checkDecision', () => {
  it.each<[BetaDecision, BetaApplicationStatus, boolean]>([
    ['accept', 'pending', true],
    ['accept', 'waitlisted', true],
    ['accept', 'accepted', false],
    ['accept', 'withdrawn', false],
    ['waitlist', 'pending', true],
    ['waitlist', 'accepted', false],
    ['decline', 'waitlisted', true],
    ['decline', 'accepted', false],
    ['remove', 'accepted', true],
    ['remove', 'pending', false],
  ])('%s on %s: %s', (decision, status, expected) => {
    expect(checkDecision({ decision, status }).ok).toBe(expected);
  });
});
