import { isStaffRole } from '@townhall/domain';
import type { AuthorRow } from './topics.repository.ts';

/**
 * The author beside a post. Everyone sees the organization's name; its tier and lifecycle stage
 * are account data that only staff see.
 */
export function toAuthor(row: AuthorRow, readerIsStaff: boolean) {
  return {
    id: row.authorId,
    displayName: row.authorName,
    role: row.authorRole,
    isStaff: isStaffRole(row.authorRole),
    organization:
      row.organizationName === null
        ? null
        : readerIsStaff
          ? { name: row.organizationName, tier: row.organizationTier!, lifecycleStage: row.organizationStage! }
          : { name: row.organizationName },
  };
}
