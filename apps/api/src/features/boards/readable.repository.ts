import { and, eq, inArray, isNull, lte, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { betaApplications, betaPrograms, boards, posts, topics } from '@townhall/db';
import { isStaffRole, readableVisibilities, type Role } from '@townhall/domain';

/**
 * Who reads, for queries that decide in SQL what they may see: the role decides the boards and
 * whether hidden and unpublished things show, the id the beta feedback areas they take part in.
 */
export type Reader = { role: Role; userId: number | null };

/**
 * The boards `reader` may read, as a condition on `boards`: the role's visibilities, and for
 * signed-in people the feedback areas of beta programs that accepted them. Undefined for staff,
 * who read every board. The id may be a placeholder, for a query prepared once per role.
 */
export function boardsReadableBy(reader: Reader | { role: Role; userId: Placeholder | null }): SQL | undefined {
  if (isStaffRole(reader.role)) return undefined;
  const participantBoards =
    reader.userId === null
      ? undefined
      : and(
          eq(boards.visibility, 'participants'),
          inArray(
            boards.id,
            sql`(select ${betaPrograms.feedbackBoardId} from ${betaApplications} inner join ${betaPrograms} on ${betaPrograms.topicId} = ${betaApplications.programId}
                 where ${betaApplications.userId} = ${reader.userId} and ${betaApplications.status} = 'accepted')`,
          ),
        );
  return or(inArray(boards.visibility, readableVisibilities(reader.role)), participantBoards)!;
}

/**
 * A topic everyone who may read its board sees: published (not a draft or scheduled release note,
 * not a beta program before recruiting), not hidden, not deleted. Staff see the others too.
 */
export const publishedTopic = and(isNull(topics.deletedAt), isNull(topics.hiddenAt), lte(topics.publishedAt, sql`now()`))!;

/** A post everyone who may read its topic sees: not hidden, not deleted. Staff see the others too. */
export const shownPost = and(isNull(posts.deletedAt), isNull(posts.hiddenAt))!;
