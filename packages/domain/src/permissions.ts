import type { BoardKind, BoardVisibility } from './boards.ts';
import type { Role } from './roles.ts';

/**
 * Everything a person can try to do. Route handlers name one of these; nothing else decides
 * who may do what.
 */
export const actions = [
  'board.read',
  'topic.create',
  'post.create',
  'account.read',
  'account.signOut',
] as const;
export type Action = (typeof actions)[number];

type Rule = {
  /** Roles allowed, whatever the board. */
  roles: readonly Role[];
  /** Board kinds the action applies to; absent means any kind (or no board at all). */
  boardKinds?: readonly BoardKind[];
};

const signedIn = ['customer', 'ops', 'pm', 'admin'] as const;

/**
 * The permission matrix, as data. A board's visibility narrows `board.read` (and everything that
 * needs reading first): members-only boards are closed to guests.
 */
export const permissionMatrix: Readonly<Record<Action, Rule>> = {
  'board.read': { roles: ['guest', ...signedIn] },
  // Questions are asked by anyone signed in; release notes and beta programs are created by
  // staff through their own features (later issues), not through the generic topic route.
  'topic.create': { roles: signedIn, boardKinds: ['qa'] },
  'post.create': { roles: signedIn, boardKinds: ['qa'] },
  'account.read': { roles: signedIn },
  'account.signOut': { roles: signedIn },
};

export type BoardRef = { kind: BoardKind; visibility: BoardVisibility };

export type PermissionDecision =
  | { ok: true }
  | { ok: false; reason: 'SIGN_IN_REQUIRED' | 'FORBIDDEN' | 'NOT_FOUND' };

/** Which visibilities a role can read; list queries filter on exactly this. */
export function readableVisibilities(role: Role): BoardVisibility[] {
  return role === 'guest' ? ['public'] : ['public', 'members'];
}

/**
 * Decides whether `role` may perform `action`, optionally on `board`. A board the person may not
 * read answers NOT_FOUND so its existence does not leak.
 */
export function decide({ role, action, board }: { role: Role; action: Action; board?: BoardRef }): PermissionDecision {
  if (board && !readableVisibilities(role).includes(board.visibility)) {
    return role === 'guest' ? { ok: false, reason: 'SIGN_IN_REQUIRED' } : { ok: false, reason: 'NOT_FOUND' };
  }
  const rule = permissionMatrix[action];
  if (!rule.roles.includes(role)) {
    return role === 'guest' ? { ok: false, reason: 'SIGN_IN_REQUIRED' } : { ok: false, reason: 'FORBIDDEN' };
  }
  if (board && rule.boardKinds && !rule.boardKinds.includes(board.kind)) {
    return { ok: false, reason: 'FORBIDDEN' };
  }
  return { ok: true };
}

/** Convenience for pages deciding which buttons to show. */
export function can(input: { role: Role; action: Action; board?: BoardRef }): boolean {
  return decide(input).ok;
}
