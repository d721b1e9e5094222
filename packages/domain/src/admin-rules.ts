import type { MemberRole } from './roles.ts';

/** Why an admin may not make a change to a person. */
export type PersonChangeRefusal = 'SELF_DEMOTION' | 'SELF_DEACTIVATION' | 'ACTOR_NOT_ADMIN';

/**
 * Whether someone with `role` may belong to an organization. Organizations are the vendor's
 * customers: their tier sets SLA targets and their members' votes weigh in demand research, so
 * staff (ops, PMs, admins) belong to none, or their questions and votes would count as a customer's.
 */
export function mayBelongToOrganization(role: MemberRole): boolean {
  return role === 'customer';
}

/**
 * Whether an admin may make `change` to `target`. An admin never demotes or deactivates
 * themselves, and the actor must still be an active admin when the change is made (checked under
 * a row lock), so two admins demoting each other at once cannot leave the workspace without one.
 */
export function decidePersonChange({
  actor,
  target,
  change,
}: {
  actor: { id: number; role: MemberRole; deactivated: boolean };
  target: { id: number };
  change: { role?: MemberRole; deactivate?: boolean };
}): { ok: true } | { ok: false; reason: PersonChangeRefusal } {
  if (actor.role !== 'admin' || actor.deactivated) return { ok: false, reason: 'ACTOR_NOT_ADMIN' };
  if (actor.id !== target.id) return { ok: true };
  if (change.deactivate) return { ok: false, reason: 'SELF_DEACTIVATION' };
  if (change.role !== undefined && change.role !== 'admin') return { ok: false, reason: 'SELF_DEMOTION' };
  return { ok: true };
}

const hostnameLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalizes an e-mail domain an admin maps to an organization: trimmed, lower case, a hostname
 * of at least two labels with a non-numeric top-level label (so `example.com`, not `localhost`
 * or an IP address).
 */
export function normalizeOrganizationDomain(input: string): { ok: true; domain: string } | { ok: false; reason: string } {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  if (domain.length === 0) return { ok: false, reason: 'domain must not be blank' };
  if (domain.length > 253) return { ok: false, reason: 'domain is longer than 253 characters' };
  const labels = domain.split('.');
  if (labels.length < 2) return { ok: false, reason: 'domain needs at least two labels, like example.com' };
  if (!labels.every((label) => hostnameLabel.test(label))) {
    return { ok: false, reason: 'domain must be a hostname: letters, digits and hyphens between dots' };
  }
  if (/^\d+$/.test(labels.at(-1)!)) return { ok: false, reason: 'domain must not be an IP address' };
  return { ok: true, domain };
}

/** Where an invitation stands at `now`. A used invitation stays used even after it expires; a revoked one stays revoked. */
export function invitationState({
  usedAt,
  revokedAt,
  expiresAt,
  now,
}: {
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
  now: Date;
}): 'valid' | 'used' | 'revoked' | 'expired' {
  if (usedAt !== null) return 'used';
  if (revokedAt !== null) return 'revoked';
  return expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid';
}

export const invitationLifetimeDays = { min: 1, max: 30, default: 7 } as const;

/** When an invitation created at `now` for `days` days expires. */
export function invitationExpiresAt({ now, days }: { now: Date; days: number }): Date {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

/** Position in the people list, ordered by e-mail (unique). */
export function encodePeopleCursor(email: string): string {
  return Buffer.from(`p|${email}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodePeopleCursor`; anything else is `null`. */
export function decodePeopleCursor(raw: string): string | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  return text.startsWith('p|') && text.length > 2 && text.length <= 260 ? text.slice(2) : null;
}

/**
 * Position in the admin invitation list, ordered pending first, then newest first. `asOf` is the
 * moment the first page was read: expiry is judged at that moment on every page, so an invitation
 * expiring while the admin pages through does not jump between the two groups.
 */
export type InvitationCursor = { asOf: Date; closed: boolean; createdAt: Date; id: string };

/** Encodes an invitation list cursor as an opaque URL-safe string. */
export function encodeInvitationCursor(cursor: InvitationCursor): string {
  const parts = ['i', cursor.asOf.toISOString(), cursor.closed ? '1' : '0', cursor.createdAt.toISOString(), cursor.id];
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeInvitationCursor`; anything else is `null`. */
export function decodeInvitationCursor(raw: string): InvitationCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const instant = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)';
  const match = new RegExp(`^i\\|${instant}\\|([01])\\|${instant}\\|([0-9a-f]{64})$`).exec(text);
  if (!match) return null;
  const asOf = new Date(match[1]!);
  const createdAt = new Date(match[3]!);
  if (Number.isNaN(asOf.getTime()) || Number.isNaN(createdAt.getTime())) return null;
  return { asOf, closed: match[2] === '1', createdAt, id: match[4]! };
}
