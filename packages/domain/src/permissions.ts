import type { BoardKind, BoardVisibility } from './boards.ts';
import { isStaffRole, type Role } from './roles.ts';

/**
 * Everything a person can try to do. Routes name one of these in `config.access`; pages ask
 * `can()` which buttons to show; nothing else decides who may do what.
 */
export const actions = [
  'board.read',
  'topic.create',
  'post.create',
  'topic.vote',
  'topic.react',
  'answer.accept',
  'topic.setStatus',
  'topic.moderate',
  'post.edit',
  'post.delete',
  'post.restore',
  'post.hide',
  'post.readRevisions',
  'post.flag',
  'flags.review',
  'releaseNote.publish',
  'releaseNote.readDrafts',
  'staffFields.read',
  'audit.read',
  'admin.manage',
  'account.read',
  'account.signOut',
  'people.mention',
  'upload.create',
  'beta.read',
  'beta.manage',
  'beta.apply',
  'notifications.read',
  'notifications.update',
  'watch.set',
  'deliveries.read',
  'staff.settings',
  'sla.read',
  'sla.work',
  'sla.configure',
  'coverage.manageOwn',
  'demand.read',
  'demand.manage',
  'demand.score',
] as const;
export type Action = (typeof actions)[number];

type Rule = {
  /** Roles allowed, whatever the board and whoever owns the thing. */
  roles: readonly Role[];
  /** Roles also allowed when they own the thing (asked the question, wrote the post). */
  ownerRoles?: readonly Role[];
  /** Board kinds the action applies to; absent means any kind (or no board at all). */
  boardKinds?: readonly BoardKind[];
  /** Of `boardKinds`, those where the action is allowed only on boards for participants. */
  participantBoardKinds?: readonly BoardKind[];
};

const signedIn = ['customer', 'ops', 'pm', 'admin'] as const;
const staff = ['ops', 'pm', 'admin'] as const;

/**
 * The permission matrix, as data. A board's visibility narrows everything on that board:
 * members-only boards are closed to guests.
 */
export const permissionMatrix: Readonly<Record<Action, Rule>> = {
  'board.read': { roles: ['guest', ...signedIn] },
  // Questions are asked by anyone signed in; release notes are published by PMs and admins
  // through their own route, and beta programs through theirs.
  // A beta program's feedback area (a board for participants) takes topics and replies too.
  'topic.create': { roles: signedIn, boardKinds: ['qa', 'beta'], participantBoardKinds: ['beta'] },
  // Answers on Q&A, comments on release notes, replies in a beta feedback area.
  'post.create': { roles: signedIn, boardKinds: ['qa', 'release_notes', 'beta'], participantBoardKinds: ['beta'] },
  'topic.vote': { roles: signedIn, boardKinds: ['qa'] },
  'topic.react': { roles: signedIn, boardKinds: ['release_notes', 'qa'] },
  'answer.accept': { roles: staff, ownerRoles: signedIn, boardKinds: ['qa'] },
  'topic.setStatus': { roles: staff, boardKinds: ['qa'] },
  'topic.moderate': { roles: staff },
  'post.edit': { roles: staff, ownerRoles: signedIn },
  'post.delete': { roles: staff, ownerRoles: signedIn },
  'post.restore': { roles: staff },
  'post.hide': { roles: staff },
  'post.readRevisions': { roles: staff, ownerRoles: signedIn },
  'post.flag': { roles: signedIn },
  'flags.review': { roles: staff },
  'releaseNote.publish': { roles: ['pm', 'admin'], boardKinds: ['release_notes'] },
  'releaseNote.readDrafts': { roles: staff },
  'staffFields.read': { roles: staff },
  'audit.read': { roles: ['admin'] },
  'admin.manage': { roles: ['admin'] },
  'account.read': { roles: signedIn },
  'account.signOut': { roles: signedIn },
  // Looking people up to mention them, while writing: only people who can write.
  'people.mention': { roles: signedIn },
  // Attaching images to what one writes: anyone who can write.
  'upload.create': { roles: signedIn },
  // Beta programs: members read them, PMs and admins run them, customers apply.
  'beta.read': { roles: signedIn },
  'beta.manage': { roles: ['pm', 'admin'] },
  'beta.apply': { roles: ['customer'] },
  'notifications.read': { roles: signedIn },
  'notifications.update': { roles: signedIn },
  'watch.set': { roles: signedIn },
  'deliveries.read': { roles: ['admin'] },
  'staff.settings': { roles: staff },
  // The response SLA: staff see clocks and the queue and work them (pause, resume, urgent) on
  // Q&A; each staff member sets their own coverage; admins set the calendar, targets and anyone's coverage.
  'sla.read': { roles: staff },
  'sla.work': { roles: staff, boardKinds: ['qa'] },
  'sla.configure': { roles: ['admin'] },
  'coverage.manageOwn': { roles: staff },
  // Demand research: staff read demands and make them from questions, set their status and link
  // them to release notes; PMs and admins score them and override the quadrant's verdict.
  'demand.read': { roles: staff },
  'demand.manage': { roles: staff },
  'demand.score': { roles: ['pm', 'admin'] },
};

export type BoardRef = { kind: BoardKind; visibility: BoardVisibility };

export type PermissionDecision =
  | { ok: true }
  | { ok: false; reason: 'SIGN_IN_REQUIRED' | 'FORBIDDEN' | 'NOT_FOUND' };

/**
 * Which visibilities a role can read in general; list queries filter on exactly this. Boards
 * for participants are readable by staff, and by others only where the feature says they take
 * part (`isParticipant`).
 */
export function readableVisibilities(role: Role): BoardVisibility[] {
  if (role === 'guest') return ['public'];
  return isStaffRole(role) ? ['public', 'members', 'participants'] : ['public', 'members'];
}

function canReadBoard(role: Role, board: BoardRef, isParticipant: boolean | undefined): boolean {
  if (readableVisibilities(role).includes(board.visibility)) return true;
  return board.visibility === 'participants' && role !== 'guest' && isParticipant === true;
}

/**
 * Decides whether `role` may perform `action`, optionally on `board` and on something the person
 * owns or not. A board the person may not read answers NOT_FOUND (SIGN_IN_REQUIRED for guests)
 * so its existence does not leak.
 */
export function decide({
  role,
  action,
  board,
  isOwner,
  isParticipant,
}: {
  role: Role;
  action: Action;
  board?: BoardRef;
  isOwner?: boolean;
  /** The person takes part in what a `participants` board belongs to. */
  isParticipant?: boolean;
}): PermissionDecision {
  if (board && !canReadBoard(role, board, isParticipant)) {
    return role === 'guest' ? { ok: false, reason: 'SIGN_IN_REQUIRED' } : { ok: false, reason: 'NOT_FOUND' };
  }
  const rule = permissionMatrix[action];
  const allowedByRole = rule.roles.includes(role);
  // Without an owner given, the question is "could this role ever" (the early gate).
  const allowedAsOwner = (rule.ownerRoles?.includes(role) ?? false) && isOwner !== false;
  if (!allowedByRole && !allowedAsOwner) {
    return role === 'guest' ? { ok: false, reason: 'SIGN_IN_REQUIRED' } : { ok: false, reason: 'FORBIDDEN' };
  }
  if (board && rule.boardKinds && !rule.boardKinds.includes(board.kind)) {
    return { ok: false, reason: 'FORBIDDEN' };
  }
  if (board && rule.participantBoardKinds?.includes(board.kind) && board.visibility !== 'participants') {
    return { ok: false, reason: 'FORBIDDEN' };
  }
  return { ok: true };
}

/** Convenience for pages and wire flags deciding which buttons to show. */
export function can(input: { role: Role; action: Action; board?: BoardRef; isOwner?: boolean; isParticipant?: boolean }): boolean {
  return decide(input).ok;
}
