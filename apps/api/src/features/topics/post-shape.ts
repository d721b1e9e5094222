import { organizations, users } from '@townhall/db';
import { postPermissionsFor } from '../posts/post-permissions.ts';
import { toAuthor } from './author.ts';
import type { PostRow } from './topics.repository.ts';

/**
 * The author of a topic or post as a query selects it (users joined with their organization);
 * `toAuthor` turns such a row into the API's author.
 */
export const authorColumns = {
  authorId: users.id,
  authorName: users.displayName,
  authorRole: users.role,
  organizationName: organizations.name,
  organizationTier: organizations.tier,
  organizationStage: organizations.lifecycleStage,
};

export type { PostRow } from './topics.repository.ts';

/** Who reads a post, for its moderation state and buttons. */
export type PostReader = Omit<Parameters<typeof postPermissionsFor>[0], 'authorId' | 'postNumber'>;

/** A post as every reader sees it: its body, when it was written and edited, and who wrote it. */
function toPostSummary(row: PostRow, readerIsStaff: boolean) {
  return {
    id: row.id,
    topicId: row.topicId,
    postNumber: row.postNumber,
    bodyHtml: row.bodyHtml,
    isOfficial: row.isOfficial,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    author: toAuthor(row, readerIsStaff),
  };
}

/** A post in a topic: its summary, revision and moderation state, and what `reader` may do with it. */
export function toPost(row: PostRow, readerIsStaff: boolean, reader?: PostReader) {
  return {
    ...toPostSummary(row, readerIsStaff),
    revision: row.currentRevision,
    isHidden: row.hiddenAt !== null,
    ...(row.hiddenAt !== null ? { hiddenReason: row.hiddenReason } : {}),
    isDeleted: row.deletedAt !== null,
    ...(reader ? postPermissionsFor({ ...reader, authorId: row.authorId, postNumber: row.postNumber }) : {}),
  };
}
