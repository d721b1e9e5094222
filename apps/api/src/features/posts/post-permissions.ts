import { authorMayDeletePost, can, isStaffRole, type BoardRef, type Role } from '@townhall/domain';

/**
 * Which post buttons a reader gets, from the same matrix the routes enforce: edit (owner or
 * staff; only staff on a locked topic), delete (staff, or the owner: a question only while it has
 * no replies), moderate (staff).
 */
export function postPermissionsFor({
  role,
  viewerId,
  authorId,
  board,
  topicLocked,
  topicReplyCount,
  postNumber,
}: {
  role: Role;
  viewerId: number | null;
  authorId: number;
  board: BoardRef;
  topicLocked: boolean;
  /** Replies on the post's topic, hidden ones included. */
  topicReplyCount: number;
  postNumber: number;
}) {
  const isOwner = viewerId !== null && viewerId === authorId;
  return {
    canEdit: can({ role, action: 'post.edit', board, isOwner }) && (!topicLocked || isStaffRole(role)),
    canDelete: can({ role, action: 'post.delete', board, isOwner }) && (isStaffRole(role) || authorMayDeletePost({ postNumber, topicReplyCount })),
    canModerate: can({ role, action: 'post.hide', board }),
  };
}
