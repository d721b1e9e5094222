import { can, isStaffRole, type BoardRef, type Role } from '@townhall/domain';

/**
 * Which post buttons a reader gets, from the same matrix the routes enforce: edit (owner or
 * staff; only staff on a locked topic), delete (owner or staff), moderate (staff).
 */
export function postPermissionsFor({
  role,
  viewerId,
  authorId,
  board,
  topicLocked,
}: {
  role: Role;
  viewerId: number | null;
  authorId: number;
  board: BoardRef;
  topicLocked: boolean;
}) {
  const isOwner = viewerId !== null && viewerId === authorId;
  return {
    canEdit: can({ role, action: 'post.edit', board, isOwner }) && (!topicLocked || isStaffRole(role)),
    canDelete: can({ role, action: 'post.delete', board, isOwner }),
    canModerate: can({ role, action: 'post.hide', board }),
  };
}
