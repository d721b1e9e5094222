import { describe, expect, it } from 'vitest';
import { auditActions, isAuditAction, parseAuditActorFilter } from './audit-actions.ts';

describe('parseAuditActorFilter', () => {
  it.each([
    ['@Ada', { handle: 'ada' }],
    ['ada', { handle: 'ada' }],
    ['  Admin@Demo.test ', { email: 'admin@demo.test' }],
    ['@', null],
    ['   ', null],
  ])('reads %j as %j', (text, expected) => {
    expect(parseAuditActorFilter(text)).toEqual(expected);
  });
});

describe('auditActions', () => {
  it('lists each action once', () => {
    expect(new Set(auditActions).size).toBe(auditActions.length);
  });

  it('knows the recorded actions and nothing else', () => {
    expect(isAuditAction('invitation.revoked')).toBe(true);
    expect(isAuditAction('sla.settings_changed')).toBe(true);
    expect(isAuditAction('admin.manage')).toBe(false);
    expect(isAuditAction('')).toBe(false);
  });
});
