import { and, eq, gt, sql } from 'drizzle-orm';
import { boards, newestFirst, posts, topics, users, type Database } from '@townhall/db';
import { isStaffRole, type ActivityCursor, type ActivityKind } from '@townhall/domain';
import { boardsReadableBy, publishedTopic, shownPost, type Reader } from '../boards/readable.repository.ts';

export type ActivityRequest = {
  personId: number;
  reader: Reader;
  kind: ActivityKind;
  cursor: ActivityCursor | null;
  limit: number;
};

// Excerpts are cut from the start of the body: enough HTML for a couple of hundred characters of text.
const excerptSourceLength = 2000;

export function createPersonActivityRepository(db: Database) {
  return {
    /**
     * One page of a person's posts, newest first, in one statement: the person (no row when
     * there is nobody by that id) with, laterally, their posts that `reader` may read. The
     * reader's rights are conditions of the query, as in search and the topic pages: the board's
     * visibility (feedback areas for accepted participants), and for everyone but staff only
     * published, shown topics and shown posts. Staff see everything the topic page shows them,
     * marked. Walks `posts_author_newest_idx` from the cursor on.
     */
    async page({ personId, reader, kind, cursor, limit }: ActivityRequest) {
      const staff = isStaffRole(reader.role);
      const activity = db
        .select({
          postId: sql<number>`${posts.id}`.as('post_id'),
          postNumber: posts.postNumber,
          createdAt: posts.createdAt,
          bodyHtml: sql<string>`left(${posts.bodyHtml}, ${excerptSourceLength})`.as('body_html'),
          isOfficial: posts.isOfficial,
          topicId: sql<number>`${topics.id}`.as('topic_id'),
          title: topics.title,
          isAcceptedAnswer: sql<boolean>`${topics.acceptedPostId} is not distinct from ${posts.id}`.as('is_accepted_answer'),
          boardSlug: sql<string>`${boards.slug}`.as('board_slug'),
          boardName: sql<string>`${boards.name}`.as('board_name'),
          boardKind: sql<'qa' | 'release_notes' | 'beta'>`${boards.kind}`.as('board_kind'),
          boardVisibility: sql<'public' | 'members' | 'participants'>`${boards.visibility}`.as('board_visibility'),
          hiddenFromMembers: sql<boolean>`(${posts.hiddenAt} is not null or ${topics.hiddenAt} is not null
            or ${topics.publishedAt} is null or ${topics.publishedAt} > now())`.as('hidden_from_members'),
          isDeleted: sql<boolean>`(${posts.deletedAt} is not null or ${topics.deletedAt} is not null)`.as('is_deleted'),
        })
        .from(posts)
        .innerJoin(topics, eq(topics.id, posts.topicId))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(
          and(
            eq(posts.authorId, personId),
            cursor ? sql`(${posts.createdAt}, ${posts.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})` : undefined,
            kind === 'topics' ? eq(posts.postNumber, 1) : kind === 'replies' ? gt(posts.postNumber, 1) : undefined,
            staff ? undefined : and(boardsReadableBy(reader), publishedTopic, shownPost),
          ),
        )
        .orderBy(newestFirst(posts.createdAt), newestFirst(posts.id))
        .limit(limit + 1)
        .as('activity');
      const rows = await db
        .select({
          personId: users.id,
          postId: activity.postId,
          postNumber: activity.postNumber,
          createdAt: activity.createdAt,
          bodyHtml: activity.bodyHtml,
          isOfficial: activity.isOfficial,
          topicId: activity.topicId,
          title: activity.title,
          isAcceptedAnswer: activity.isAcceptedAnswer,
          boardSlug: activity.boardSlug,
          boardName: activity.boardName,
          boardKind: activity.boardKind,
          boardVisibility: activity.boardVisibility,
          hiddenFromMembers: activity.hiddenFromMembers,
          isDeleted: activity.isDeleted,
        })
        .from(users)
        .leftJoinLateral(activity, sql`true`)
        .where(eq(users.id, personId))
        .orderBy(sql`${activity.createdAt} desc`, sql`${activity.postId} desc`);
      if (rows.length === 0) return null;
      const posted = rows.flatMap((row) =>
        row.postId === null
          ? []
          : [
              {
                ...row,
                postId: Number(row.postId),
                topicId: Number(row.topicId),
                postNumber: row.postNumber!,
                // Text or a Date, depending on the driver.
                createdAt: new Date(row.createdAt!),
                bodyHtml: row.bodyHtml!,
                title: row.title!,
                isOfficial: row.isOfficial!,
              },
            ],
      );
      return { rows: posted.slice(0, limit), hasMore: posted.length > limit };
    },
  };
}

export type PersonActivityRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createPersonActivityRepository>['page']>>>['rows'][number];
