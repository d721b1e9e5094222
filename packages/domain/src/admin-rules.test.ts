import { describe, expect, it } from 'vitest';
import type { MemberRole } from './roles.ts';
import {
  decidePersonChange,
  mayBelongToOrganization,
  decodeInvitationCursor,
  decodePeopleCursor,
  encodeInvitationCursor,
  encodePeopleCursor,
  invitationExpiresAt,
  invitationState,
  normalizeOrganizationDomain,
} from './admin-rules.ts';

describe('decidePersonChange', () => {
  const admin = { id: 1, role: 'admin' as MemberRole, deactivated: false };
  it.each<[string, Parameters<typeof decidePersonChange>[0], ReturnType<typeof decidePersonChange>]>([
    ['lets an admin change another person’s role', { actor: admin, target: { id: 2 }, change: { role: 'customer' } }, { ok: true }],
    ['lets an admin deactivate another admin', { actor: admin, target: { id: 2 }, change: { deactivate: true } }, { ok: true }],
    ['refuses self-demotion', { actor: admin, target: { id: 1 }, change: { role: 'pm' } }, { ok: false, reason: 'SELF_DEMOTION' }],
    ['allows keeping one’s own admin role', { actor: admin, target: { id: 1 }, change: { role: 'admin' } }, { ok: true }],
    ['allows changing one’s own organization', { actor: admin, target: { id: 1 }, change: {} }, { ok: true }],
    ['refuses self-deactivation', { actor: admin, target: { id: 1 }, change: { deactivate: true } }, { ok: false, reason: 'SELF_DEACTIVATION' }],
    [
      'refuses an actor who is no longer admin',
      { actor: { ...admin, role: 'pm' }, target: { id: 2 }, change: { role: 'customer' } },
      { ok: false, reason: 'ACTOR_NOT_ADMIN' },
    ],
    [
      'refuses a deactivated actor',
      { actor: { ...admin, deactivated: true }, target: { id: 2 }, change: { deactivate: true } },
      { ok: false, reason: 'ACTOR_NOT_ADMIN' },
    ],
  ])('%s', (_title, input, expected) => {
    expect(decidePersonChange(input)).toEqual(expected);
  });
});

describe('normalizeOrganizationDomain', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['  acme.co.uk ', 'acme.co.uk'],
    ['sub-domain.example.io.', 'sub-domain.example.io'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('accepts %j as %j', (input, domain) => {
    expect(normalizeOrganizationDomain(input)).toEqual({ ok: true, domain });
  });

  it.each(['', '   ', 'localhost', 'exa mple.com', '-acme.com', 'acme-.com', 'a..b', 'user@acme.com', '10.0.0.1', `${'a'.repeat(64)}.com`, 'acme.com/path'])(
    'rejects %j',
    (input) => {
      expect(normalizeOrganizationDomain(input).ok).toBe(false);
    },
  );
});

describe('invitationState', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  it.each<[Date | null, string, string]>([
    [null, '2026-01-11T00:00:00Z', 'valid'],
    [null, '2026-01-10T12:00:00Z', 'expired'],
    [null, '2026-01-09T00:00:00Z', 'expired'],
    [new Date('2026-01-05T00:00:00Z'), '2026-01-11T00:00:00Z', 'used'],
    [new Date('2026-01-05T00:00:00Z'), '2026-01-09T00:00:00Z', 'used'],
  ])('with usedAt %s and expiry %s is %s', (usedAt, expiresAt, state) => {
    expect(invitationState({ usedAt, revokedAt: null, expiresAt: new Date(expiresAt), now })).toBe(state);
  });

  it.each<[Date | null, string, string]>([
    [null, '2026-01-11T00:00:00Z', 'revoked'],
    [null, '2026-01-09T00:00:00Z', 'revoked'],
    [new Date('2026-01-05T00:00:00Z'), '2026-01-11T00:00:00Z', 'used'],
  ])('once revoked, with usedAt %s and expiry %s is %s', (usedAt, expiresAt, state) => {
    expect(invitationState({ usedAt, revokedAt: new Date('2026-01-06T00:00:00Z'), expiresAt: new Date(expiresAt), now })).toBe(state);
  });

  it('expires the given number of days later', () => {
    expect(invitationExpiresAt({ now, days: 7 }).toISOString()).toBe('2026-01-17T12:00:00.000Z');
  });
});

describe('people cursor', () => {
  it('round-trips an e-mail', () => {
    expect(decodePeopleCursor(encodePeopleCursor('ann@example.test'))).toBe('ann@example.test');
  });
  it.each(['', 'garbage', Buffer.from('x|ann').toString('base64url')])('rejects %j', (raw) => {
    expect(decodePeopleCursor(raw)).toBeNull();
  });
});

describe('invitation cursor', () => {
  const cursor = {
    asOf: new Date('2026-01-10T12:00:00.000Z'),
    closed: true,
    createdAt: new Date('2026-01-09T08:30:00.123Z'),
    id: 'ab'.repeat(32),
  };

  it('decodes what it encodes', () => {
    expect(decodeInvitationCursor(encodeInvitationCursor(cursor))).toEqual(cursor);
    expect(decodeInvitationCursor(encodeInvitationCursor({ ...cursor, closed: false }))?.closed).toBe(false);
  });

  it('fits the 200 characters the API accepts as a cursor', () => {
    expect(encodeInvitationCursor(cursor).length).toBeLessThanOrEqual(200);
  });

  it.each([
    ['another list’s cursor', Buffer.from('p|someone@example.test').toString('base64url')],
    ['an id that is not a hash', encodeInvitationCursor({ ...cursor, id: 'x' })],
    ['garbage', 'not-a-cursor'],
  ])('rejects %s', (_name, raw) => {
    expect(decodeInvitationCursor(raw)).toBeNull();
  });
});

describe('mayBelongToOrganization', () => {
  it('lets customers belong to an organization, never staff', () => {
    expect(mayBelongToOrganization('customer')).toBe(true);
    for (const role of ['ops', 'pm', 'admin'] as const) expect(mayBelongToOrganization(role)).toBe(false);
  });
});
