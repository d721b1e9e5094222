/** Roles a signed-in person can hold; `guest` is anyone not signed in. */
export const memberRoles = ['customer', 'ops', 'pm', 'admin'] as const;
export type MemberRole = (typeof memberRoles)[number];
export type Role = MemberRole | 'guest';
export const allRoles: readonly Role[] = ['guest', ...memberRoles];

const staffRoles: ReadonlySet<Role> = new Set<Role>(['ops', 'pm', 'admin']);

/** Staff are the vendor's people: their answers are official and they work the SLA queue. */
export function isStaffRole(role: Role): boolean {
  return staffRoles.has(role);
}
