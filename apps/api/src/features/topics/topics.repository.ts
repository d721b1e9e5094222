import { and, asc, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import { boards, organizations, postRevisions, posts, topics, users, type Database } from '@townhall/db';
import { topicStatusAfterReply, type TopicCursor } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from './unique-violation.ts';

const authorColumns = {
  authorId: users.id,
  authorName: users.displayName,
  authorRole: users.role,
  organizationName: organizations.name,
  organizationTier: organizations.tier,
  organizationStage: organizations.lifecycleStage,
};

const postColumns = {
  id: posts.id,
  topicId: posts.topicId,
  postNumber: posts.postNumber,
  bodyHtml: posts.bodyHtml,
  isOfficial: posts.isOfficial,
  createdAt: posts.createdAt,
  editedAt: posts.editedAt,
  ...authorColumns,
};

/**
 * Which topics a reader sees. Everyone else sees published, not hidden, not deleted topics; staff
 * also see drafts, scheduled and hidden topics (to moderate them), and open deleted ones by id to
 * restore them.
 */
export type TopicAudience = { staff: boolean };

const publishedTopic = and(isNull(topics.deletedAt), isNull(topics.hiddenAt), lte(topics.publishedAt, sql`now()`));

function topicsInLists(audience: TopicAudience) {
  return audience.staff ? isNull(topics.deletedAt) : publishedTopic;
}

function topicOpenableBy(audience: TopicAudience) {
  return audience.staff ? undefined : publishedTopic;
}

function postsVisibleTo(audience: TopicAudience) {
  return audience.staff ? undefined : and(isNull(posts.deletedAt), isNull(posts.hiddenAt));
}

export type RenderedBody = { markdown: string; html: string; rendererVersion: number };

export type NewTopic = {
  boardId: number;
  authorId: number;
  authorIsStaff: boolean;
  title: string;
  body: RenderedBody;
  idempotencyKey: string | null;
};

export type NewReply = {
  topicId: number;
  authorId: number;
  authorIsStaff: boolean;
  body: RenderedBody;
  idempotencyKey: string | null;
};

// A topic's page shows at most this many posts until post pagination lands.
const maxPostsPerPage = 1000;

export function createTopicsRepository(db: Database) {
  async function findPostIdByIdempotencyKey(authorId: number, key: string) {
    const [row] = await db
      .select({ id: posts.id, topicId: posts.topicId, postNumber: posts.postNumber })
      .from(posts)
      .where(and(eq(posts.authorId, authorId), eq(posts.idempotencyKey, key)));
    return row ?? null;
  }

  return {
    /** A topic's board and asker, for the access check, if the reader may open it. */
    async findTopicResource(topicId: number, audience: TopicAudience) {
      const [row] = await db
        .select({ board: boards, ownerId: topics.authorId })
        .from(topics)
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(and(eq(topics.id, topicId), topicOpenableBy(audience)));
      return row ?? null;
    },

    /** One page of a board, newest first, by keyset on (created_at, id). */
    async listTopics({
      boardId,
      cursor,
      limit,
      audience,
    }: {
      boardId: number;
      cursor: TopicCursor | null;
      limit: number;
      audience: TopicAudience;
    }) {
      const after = cursor
        ? sql`(${topics.createdAt}, ${topics.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`
        : undefined;
      const rows = await db
        .select({
          id: topics.id,
          title: topics.title,
          status: topics.status,
          replyCount: topics.replyCount,
          firstStaffReplyAt: topics.firstStaffReplyAt,
          createdAt: topics.createdAt,
          lastPostedAt: topics.lastPostedAt,
          ...authorColumns,
        })
        .from(topics)
        .innerJoin(users, eq(users.id, topics.authorId))
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(and(eq(topics.boardId, boardId), topicsInLists(audience), after))
        .orderBy(desc(topics.createdAt), desc(topics.id))
        .limit(limit + 1);
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    async findTopic(topicId: number, audience: TopicAudience) {
      const [row] = await db
        .select({
          id: topics.id,
          title: topics.title,
          status: topics.status,
          replyCount: topics.replyCount,
          createdAt: topics.createdAt,
          lockedAt: topics.lockedAt,
        })
        .from(topics)
        .where(and(eq(topics.id, topicId), topicOpenableBy(audience)));
      return row ?? null;
    },

    listPosts(topicId: number, audience: TopicAudience) {
      return db
        .select(postColumns)
        .from(posts)
        .innerJoin(users, eq(users.id, posts.authorId))
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(and(eq(posts.topicId, topicId), postsVisibleTo(audience)))
        .orderBy(asc(posts.postNumber))
        .limit(maxPostsPerPage);
    },

    /**
     * Creates a topic with its opening post and first revision in one transaction. A retry with
     * the same idempotency key returns the topic the first attempt created.
     */
    async createTopic(input: NewTopic): Promise<{ topicId: number; created: boolean }> {
      if (input.idempotencyKey) {
        const existing = await findPostIdByIdempotencyKey(input.authorId, input.idempotencyKey);
        if (existing) return { topicId: existing.topicId, created: false };
      }
      try {
        const topicId = await db.transaction(async (tx) => {
          const [topic] = await tx
            .insert(topics)
            .values({ boardId: input.boardId, authorId: input.authorId, title: input.title })
            .returning({ id: topics.id });
          const [post] = await tx
            .insert(posts)
            .values({
              topicId: topic!.id,
              authorId: input.authorId,
              postNumber: 1,
              bodyMarkdown: input.body.markdown,
              bodyHtml: input.body.html,
              rendererVersion: input.body.rendererVersion,
              isOfficial: input.authorIsStaff,
              idempotencyKey: input.idempotencyKey,
            })
            .returning({ id: posts.id });
          await tx.insert(postRevisions).values({
            postId: post!.id,
            revision: 1,
            title: input.title,
            bodyMarkdown: input.body.markdown,
            editorId: input.authorId,
          });
          return topic!.id;
        });
        return { topicId, created: true };
      } catch (error) {
        if (input.idempotencyKey && isUniqueViolation(error, 'posts_author_idempotency_unique')) {
          const existing = await findPostIdByIdempotencyKey(input.authorId, input.idempotencyKey);
          if (existing) return { topicId: existing.topicId, created: false };
        }
        throw error;
      }
    },

    /**
     * Adds a reply. The topic row is locked for the transaction, so concurrent replies get
     * consecutive post numbers and exact counters.
     */
    async createReply(input: NewReply): Promise<{ postId: number; created: boolean }> {
      if (input.idempotencyKey) {
        const existing = await findPostIdByIdempotencyKey(input.authorId, input.idempotencyKey);
        if (existing) return { postId: existing.id, created: false };
      }
      try {
        const postId = await db.transaction(async (tx) => {
          const [topic] = await tx
            .select({ status: topics.status, authorId: topics.authorId, lockedAt: topics.lockedAt, replyCount: topics.replyCount })
            .from(topics)
            .where(and(eq(topics.id, input.topicId), isNull(topics.deletedAt)))
            .for('update');
          if (!topic) throw new AppError('NOT_FOUND', 'This question does not exist');
          if (topic.lockedAt) throw new AppError('TOPIC_LOCKED', 'This question is locked; no new answers');
          const status = topicStatusAfterReply({
            status: topic.status,
            replyIsFromStaff: input.authorIsStaff,
            replyIsFromAsker: topic.authorId === input.authorId,
          });
          await tx
            .update(topics)
            .set({
              replyCount: sql`${topics.replyCount} + 1`,
              lastPostedAt: sql`now()`,
              updatedAt: sql`now()`,
              status,
              ...(input.authorIsStaff ? { firstStaffReplyAt: sql`coalesce(${topics.firstStaffReplyAt}, now())` } : {}),
            })
            .where(eq(topics.id, input.topicId));
          const [post] = await tx
            .insert(posts)
            .values({
              topicId: input.topicId,
              authorId: input.authorId,
              postNumber: topic.replyCount + 2,
              bodyMarkdown: input.body.markdown,
              bodyHtml: input.body.html,
              rendererVersion: input.body.rendererVersion,
              isOfficial: input.authorIsStaff,
              idempotencyKey: input.idempotencyKey,
            })
            .returning({ id: posts.id });
          await tx.insert(postRevisions).values({
            postId: post!.id,
            revision: 1,
            bodyMarkdown: input.body.markdown,
            editorId: input.authorId,
          });
          return post!.id;
        });
        return { postId, created: true };
      } catch (error) {
        if (input.idempotencyKey && isUniqueViolation(error, 'posts_author_idempotency_unique')) {
          const existing = await findPostIdByIdempotencyKey(input.authorId, input.idempotencyKey);
          if (existing) return { postId: existing.id, created: false };
        }
        throw error;
      }
    },

    async findPost(postId: number) {
      const [row] = await db
        .select(postColumns)
        .from(posts)
        .innerJoin(users, eq(users.id, posts.authorId))
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(eq(posts.id, postId));
      return row ?? null;
    },
  };
}

export type TopicsRepository = ReturnType<typeof createTopicsRepository>;
export type AuthorRow = {
  authorId: number;
  authorName: string;
  authorRole: 'customer' | 'ops' | 'pm' | 'admin';
  organizationName: string | null;
  organizationTier: 'head' | 'waist' | 'tail' | null;
  organizationStage: 'onboarding' | 'adoption' | 'expansion' | 'renewal' | 'churn-risk' | null;
};
