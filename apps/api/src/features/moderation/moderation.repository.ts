import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditLog, boards, postFlags, postRevisions, posts, topics, users, type Database, newestFirst, type Transaction } from '@townhall/db';
import type { TopicModerationAction } from '@townhall/contracts';
import { authorMayDeletePost, type AuditAction } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../unique-violation.ts';
import type { KeysetCursor } from './keyset-cursor.ts';
import { indexPosts } from '../search/search-index.repository.ts';


/** Non-staff reach a post only when it and its topic are visible to everyone. */
/** Who asks for a post: staff reach every post; others those everyone sees, and their own hidden ones. */
export type PostAudience = { staff: boolean; viewerId?: number | null };

export type RenderedBody = { markdown: string; html: string; rendererVersion: number };

export type AuditEntryInput = {
  actorId: number;
  action: AuditAction;
  subjectType: 'post' | 'topic' | 'flag';
  subjectId: number;
  details?: Record<string, unknown>;
};

const moderatedPostColumns = {
  id: posts.id,
  topicId: posts.topicId,
  postNumber: posts.postNumber,
  bodyHtml: posts.bodyHtml,
  currentRevision: posts.currentRevision,
  editedAt: posts.editedAt,
  hiddenAt: posts.hiddenAt,
  deletedAt: posts.deletedAt,
};

/**
 * The posts a reader who is not staff reaches: those everyone sees, and their own hidden ones (to
 * edit, delete or read the history of them).
 */
function visibleTo(viewerId: number | null | undefined) {
  return and(
    isNull(posts.deletedAt),
    viewerId === null || viewerId === undefined ? isNull(posts.hiddenAt) : or(isNull(posts.hiddenAt), eq(posts.authorId, viewerId)),
    isNull(topics.deletedAt),
    isNull(topics.hiddenAt),
    lte(topics.publishedAt, sql`now()`),
  );
}

const excerptLength = 280;

function writeAudit(tx: Transaction, entry: AuditEntryInput) {
  return tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    details: entry.details ?? {},
  });
}

/**
 * Counts again what a topic shows non-staff of its replies, after one was hidden, deleted or
 * brought back: how many are hidden or deleted, and whether an official (staff) answer is still
 * shown. Counted from the posts rather than adjusted, so the counts cannot drift. The topic row is
 * locked first, so the count sees a staff reply that committed while this waited for it.
 */
async function recountShownReplies(tx: Transaction, topicId: number) {
  await tx.select({ id: topics.id }).from(topics).where(eq(topics.id, topicId)).for('update');
  const reply = and(eq(posts.topicId, topicId), sql`${posts.postNumber} > 1`);
  await tx
    .update(topics)
    .set({
      hiddenReplyCount: sql`(select count(*)::int from ${posts} where ${reply} and (${posts.hiddenAt} is not null or ${posts.deletedAt} is not null))`,
      hasOfficialAnswer: sql`exists (select 1 from ${posts} where ${reply} and ${posts.isOfficial} and ${posts.hiddenAt} is null and ${posts.deletedAt} is null)`,
    })
    .where(eq(topics.id, topicId));
}

async function lockPost(tx: Transaction, postId: number) {
  const [post] = await tx
    .select({
      id: posts.id,
      topicId: posts.topicId,
      authorId: posts.authorId,
      postNumber: posts.postNumber,
      currentRevision: posts.currentRevision,
      hiddenAt: posts.hiddenAt,
      deletedAt: posts.deletedAt,
    })
    .from(posts)
    .where(eq(posts.id, postId))
    .for('update');
  if (!post) throw new AppError('NOT_FOUND', 'This post does not exist');
  return post;
}

const topicTimestampFor: Record<Exclude<TopicModerationAction, 'move'>, { column: 'pinnedAt' | 'lockedAt' | 'hiddenAt' | 'deletedAt'; set: boolean; audit: AuditAction }> = {
  pin: { column: 'pinnedAt', set: true, audit: 'topic.pinned' },
  unpin: { column: 'pinnedAt', set: false, audit: 'topic.unpinned' },
  lock: { column: 'lockedAt', set: true, audit: 'topic.locked' },
  unlock: { column: 'lockedAt', set: false, audit: 'topic.unlocked' },
  hide: { column: 'hiddenAt', set: true, audit: 'topic.hidden' },
  unhide: { column: 'hiddenAt', set: false, audit: 'topic.unhidden' },
  delete: { column: 'deletedAt', set: true, audit: 'topic.deleted' },
  restore: { column: 'deletedAt', set: false, audit: 'topic.restored' },
};

export function createModerationRepository(db: Database) {
  async function findModeratedPost(postId: number) {
    const [row] = await db.select(moderatedPostColumns).from(posts).where(eq(posts.id, postId));
    return row ?? null;
  }

  return {
    findModeratedPost,

    /** A post's board, author and topic lock, for the access check, if the reader may see it. */
    async findPostResource(postId: number, audience: PostAudience) {
      const [row] = await db
        .select({ board: boards, ownerId: posts.authorId, topicLockedAt: topics.lockedAt, postNumber: posts.postNumber })
        .from(posts)
        .innerJoin(topics, eq(topics.id, posts.topicId))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(and(eq(posts.id, postId), audience.staff ? undefined : visibleTo(audience.viewerId)));
      return row ?? null;
    },

    /** A topic's board, for staff moderation: every topic, deleted ones too. */
    async findTopicResource(topicId: number) {
      const [row] = await db
        .select({ board: boards, ownerId: topics.authorId })
        .from(topics)
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(eq(topics.id, topicId));
      return row ?? null;
    },

    /** The board of a flag's post, for the access check. */
    async findFlagResource(flagId: number) {
      const [row] = await db
        .select({ board: boards })
        .from(postFlags)
        .innerJoin(posts, eq(posts.id, postFlags.postId))
        .innerJoin(topics, eq(topics.id, posts.topicId))
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(eq(postFlags.id, flagId));
      return row ?? null;
    },

    /**
     * Edits a post under its row lock: the next revision, the re-rendered body and, on an opening
     * post, the topic title. A staff edit of someone else's post is audited.
     */
    async editPost(input: { postId: number; editorId: number; editorIsStaff: boolean; body: RenderedBody; title?: string; tags?: string[]; baseRevision?: number }) {
      await db.transaction(async (tx) => {
        const post = await lockPost(tx, input.postId);
        // Two people (or two tabs) editing the same version: the later save must not silently
        // replace the earlier one.
        if (input.baseRevision !== undefined && input.baseRevision !== post.currentRevision) {
          throw new AppError('EDIT_CONFLICT', 'This post was changed while you were editing, so your changes were not saved. Compare them with its current text, then save again.', 'body');
        }
        const [topic] = await tx
          .select({ title: topics.title, tags: topics.tags, lockedAt: topics.lockedAt })
          .from(topics)
          .where(eq(topics.id, post.topicId));
        if (topic!.lockedAt && !input.editorIsStaff) throw new AppError('TOPIC_LOCKED', 'This question is locked; only staff may edit it');
        if (input.title !== undefined && post.postNumber !== 1) {
          throw new AppError('VALIDATION_FAILED', 'title can only be changed on the opening post', 'title');
        }
        if (input.tags !== undefined && post.postNumber !== 1) {
          throw new AppError('VALIDATION_FAILED', 'tags can only be changed on the opening post', 'tags');
        }
        const revision = post.currentRevision + 1;
        const title = post.postNumber === 1 ? (input.title ?? topic!.title) : null;
        const tags = post.postNumber === 1 ? (input.tags ?? topic!.tags) : null;
        const tagsChanged = input.tags !== undefined && input.tags.join('\n') !== topic!.tags.join('\n');
        await tx.insert(postRevisions).values({
          postId: post.id,
          revision,
          title,
          tags,
          bodyMarkdown: input.body.markdown,
          editorId: input.editorId,
        });
        await tx
          .update(posts)
          .set({
            bodyMarkdown: input.body.markdown,
            bodyHtml: input.body.html,
            rendererVersion: input.body.rendererVersion,
            currentRevision: revision,
            editedAt: sql`now()`,
          })
          .where(eq(posts.id, post.id));
        const titleChanged = input.title !== undefined && input.title !== topic!.title;
        if (titleChanged || tagsChanged) {
          await tx
            .update(topics)
            .set({ ...(titleChanged ? { title: input.title } : {}), ...(tagsChanged ? { tags: input.tags } : {}), updatedAt: sql`now()` })
            .where(eq(topics.id, post.topicId));
        }
        await indexPosts(tx, [post.id]);
        if (input.editorIsStaff && input.editorId !== post.authorId) {
          await writeAudit(tx, {
            actorId: input.editorId,
            action: 'post.edited',
            subjectType: 'post',
            subjectId: post.id,
            details: {
              topicId: post.topicId,
              revision,
              ...(input.title !== undefined && post.postNumber === 1 ? { title: input.title } : {}),
              ...(tagsChanged ? { changes: { tags: { from: topic!.tags, to: input.tags } } } : {}),
            },
          });
        }
      });
      return (await findModeratedPost(input.postId))!;
    },

    /**
     * Soft-deletes or restores a post; the opening post takes its topic with it. Staff actions
     * are audited in the same transaction.
     */
    async setPostDeleted(input: { postId: number; actorId: number; actorIsStaff: boolean; deleted: boolean }) {
      await db.transaction(async (tx) => {
        const post = await lockPost(tx, input.postId);
        if (input.deleted && !input.actorIsStaff && post.postNumber === 1) {
          // Locked like a new reply locks it, so no reply slips in between the check and the delete.
          const [topic] = await tx.select({ replyCount: topics.replyCount }).from(topics).where(eq(topics.id, post.topicId)).for('update');
          if (!authorMayDeletePost({ postNumber: 1, topicReplyCount: topic!.replyCount })) {
            throw new AppError('QUESTION_HAS_REPLIES', 'This question has replies, so it stays: deleting it would take them with it. Edit it instead, or flag it for staff.');
          }
        }
        const deletedAt = input.deleted ? sql`coalesce(${posts.deletedAt}, now())` : null;
        await tx.update(posts).set({ deletedAt }).where(eq(posts.id, post.id));
        const withTopic = post.postNumber === 1;
        if (withTopic) {
          await tx
            .update(topics)
            .set({ deletedAt: input.deleted ? sql`coalesce(${topics.deletedAt}, now())` : null, updatedAt: sql`now()` })
            .where(eq(topics.id, post.topicId));
        } else {
          await recountShownReplies(tx, post.topicId);
        }
        if (input.actorIsStaff) {
          await writeAudit(tx, {
            actorId: input.actorId,
            action: input.deleted ? 'post.deleted' : 'post.restored',
            subjectType: 'post',
            subjectId: post.id,
            details: { topicId: post.topicId, authorId: post.authorId, withTopic },
          });
        }
      });
      return (await findModeratedPost(input.postId))!;
    },

    /**
     * Hides a post from everyone but staff and its author, with the reason they are shown, or shows
     * it again; always audited. `newlyHidden` names the post's author when this hid it.
     */
    async setPostHidden(input: { postId: number; actorId: number; hidden: boolean; reason?: string }) {
      const before = await db.transaction(async (tx) => {
        const post = await lockPost(tx, input.postId);
        await tx
          .update(posts)
          .set(
            input.hidden
              ? { hiddenAt: sql`coalesce(${posts.hiddenAt}, now())`, hiddenReason: input.reason ?? null }
              : { hiddenAt: null, hiddenReason: null },
          )
          .where(eq(posts.id, post.id));
        if (post.postNumber > 1) await recountShownReplies(tx, post.topicId);
        await writeAudit(tx, {
          actorId: input.actorId,
          action: input.hidden ? 'post.hidden' : 'post.unhidden',
          subjectType: 'post',
          subjectId: post.id,
          details: { topicId: post.topicId, authorId: post.authorId, ...(input.reason ? { reason: input.reason } : {}) },
        });
        return post;
      });
      const newlyHidden = input.hidden && before.hiddenAt === null ? { authorId: before.authorId } : null;
      return { row: (await findModeratedPost(input.postId))!, newlyHidden };
    },

    /** Pins, locks, hides, deletes (and back) or moves a topic, audited in the same transaction. */
    async moderateTopic(input: { topicId: number; actorId: number; action: TopicModerationAction; toBoard?: { id: number; slug: string } }) {
      await db.transaction(async (tx) => {
        const [topic] = await tx
          .select({ id: topics.id, boardId: topics.boardId })
          .from(topics)
          .where(eq(topics.id, input.topicId))
          .for('update');
        if (!topic) throw new AppError('NOT_FOUND', 'This topic does not exist');
        if (input.action === 'move') {
          const toBoard = input.toBoard!;
          await tx.update(topics).set({ boardId: toBoard.id, updatedAt: sql`now()` }).where(eq(topics.id, topic.id));
          await writeAudit(tx, {
            actorId: input.actorId,
            action: 'topic.moved',
            subjectType: 'topic',
            subjectId: topic.id,
            details: { fromBoardId: topic.boardId, toBoardId: toBoard.id, toBoardSlug: toBoard.slug },
          });
          return;
        }
        const step = topicTimestampFor[input.action];
        const column = topics[step.column];
        await tx
          .update(topics)
          .set({ [step.column]: step.set ? sql`coalesce(${column}, now())` : null, updatedAt: sql`now()` })
          .where(eq(topics.id, topic.id));
        await writeAudit(tx, { actorId: input.actorId, action: step.audit, subjectType: 'topic', subjectId: topic.id });
      });
      const [row] = await db
        .select({
          id: topics.id,
          boardSlug: boards.slug,
          title: topics.title,
          pinnedAt: topics.pinnedAt,
          lockedAt: topics.lockedAt,
          hiddenAt: topics.hiddenAt,
          deletedAt: topics.deletedAt,
        })
        .from(topics)
        .innerJoin(boards, eq(boards.id, topics.boardId))
        .where(eq(topics.id, input.topicId));
      return row!;
    },

    /** Records a person's flag; a second flag by the same person on the same post is refused. */
    async flagPost(input: { postId: number; reporterId: number; reason: string }) {
      try {
        const [flag] = await db
          .insert(postFlags)
          .values({ postId: input.postId, reporterId: input.reporterId, reason: input.reason })
          .returning();
        return flag!;
      } catch (error) {
        if (isUniqueViolation(error, 'post_flags_post_reporter_unique')) {
          throw new AppError('ALREADY_FLAGGED', 'You have already flagged this post');
        }
        throw error;
      }
    },

    /** Open flags, oldest first, by keyset on (created_at, id). */
    async listOpenFlags({ cursor, limit }: { cursor: KeysetCursor | null; limit: number }) {
      const reporter = alias(users, 'reporter');
      const author = alias(users, 'post_author');
      const after = cursor
        ? sql`(${postFlags.createdAt}, ${postFlags.id}) > (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`
        : undefined;
      const rows = await db
        .select({
          id: postFlags.id,
          reason: postFlags.reason,
          createdAt: postFlags.createdAt,
          reporterId: reporter.id,
          reporterName: reporter.displayName,
          postId: posts.id,
          postNumber: posts.postNumber,
          excerpt: sql<string>`left(${posts.bodyMarkdown}, ${excerptLength})`,
          authorId: author.id,
          authorName: author.displayName,
          postHiddenAt: posts.hiddenAt,
          postDeletedAt: posts.deletedAt,
          topicId: topics.id,
          topicTitle: topics.title,
        })
        .from(postFlags)
        .innerJoin(reporter, eq(reporter.id, postFlags.reporterId))
        .innerJoin(posts, eq(posts.id, postFlags.postId))
        .innerJoin(author, eq(author.id, posts.authorId))
        .innerJoin(topics, eq(topics.id, posts.topicId))
        .where(and(isNull(postFlags.resolvedAt), after))
        .orderBy(asc(postFlags.createdAt), asc(postFlags.id))
        .limit(limit + 1);
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    /**
     * Resolves an open flag; `hide` hides the post too (its author is told it was hidden after a
     * report, not the reporter's words). Both are audited in the same transaction. `newlyHidden`
     * names the post when this hid it.
     */
    async resolveFlag(input: { flagId: number; resolverId: number; resolution: 'hide' | 'dismiss' }) {
      return db.transaction(async (tx) => {
        const [flag] = await tx.select().from(postFlags).where(eq(postFlags.id, input.flagId)).for('update');
        if (!flag) throw new AppError('NOT_FOUND', 'This flag does not exist');
        if (flag.resolvedAt) throw new AppError('FLAG_ALREADY_RESOLVED', 'This flag has already been resolved');
        const [resolved] = await tx
          .update(postFlags)
          .set({ resolvedAt: sql`now()`, resolverId: input.resolverId, resolution: input.resolution })
          .where(eq(postFlags.id, flag.id))
          .returning();
        await writeAudit(tx, {
          actorId: input.resolverId,
          action: 'flag.resolved',
          subjectType: 'flag',
          subjectId: flag.id,
          details: { postId: flag.postId, resolution: input.resolution },
        });
        let newlyHidden: { postId: number; topicId: number; authorId: number } | null = null;
        if (input.resolution === 'hide') {
          const post = await lockPost(tx, flag.postId);
          if (!post.hiddenAt) {
            await tx.update(posts).set({ hiddenAt: sql`now()`, hiddenReason: null }).where(eq(posts.id, post.id));
            newlyHidden = { postId: post.id, topicId: post.topicId, authorId: post.authorId };
            if (post.postNumber > 1) await recountShownReplies(tx, post.topicId);
            await writeAudit(tx, {
              actorId: input.resolverId,
              action: 'post.hidden',
              subjectType: 'post',
              subjectId: post.id,
              details: { topicId: post.topicId, authorId: post.authorId, reason: flag.reason, flagId: flag.id },
            });
          }
        }
        return { flag: resolved!, newlyHidden };
      });
    },

    /** A post's revisions, oldest first, with each editor's name, and the post's place. */
    async listRevisions(postId: number) {
      const [post] = await db
        .select({ id: posts.id, topicId: posts.topicId, postNumber: posts.postNumber, topicTitle: topics.title, topicTags: topics.tags })
        .from(posts)
        .innerJoin(topics, eq(topics.id, posts.topicId))
        .where(eq(posts.id, postId));
      if (!post) return null;
      const revisions = await db
        .select({
          revision: postRevisions.revision,
          title: postRevisions.title,
          tags: postRevisions.tags,
          bodyMarkdown: postRevisions.bodyMarkdown,
          createdAt: postRevisions.createdAt,
          editorId: users.id,
          editorName: users.displayName,
        })
        .from(postRevisions)
        .innerJoin(users, eq(users.id, postRevisions.editorId))
        .where(eq(postRevisions.postId, postId))
        .orderBy(asc(postRevisions.revision));
      return { post, revisions };
    },

    /** The person an audit filter names by e-mail or handle, or null. */
    async findAuditActorId(who: { email: string } | { handle: string }): Promise<number | null> {
      const [row] = await db
        .select({ id: users.id })
        .from(users)
        .where('email' in who ? eq(users.email, who.email) : eq(users.handle, who.handle));
      return row?.id ?? null;
    },

    /**
     * The audit log, newest first, by keyset on (created_at, id), optionally of one action and of
     * one actor (each filter has an index that leads with it).
     */
    async listAuditLog({ cursor, limit, action, actorId }: { cursor: KeysetCursor | null; limit: number; action?: AuditAction; actorId?: number }) {
      const before = cursor
        ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`
        : undefined;
      const rows = await db
        .select({
          id: auditLog.id,
          action: auditLog.action,
          subjectType: auditLog.subjectType,
          subjectId: auditLog.subjectId,
          details: auditLog.details,
          createdAt: auditLog.createdAt,
          actorId: users.id,
          actorName: users.displayName,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorId))
        .where(
          and(
            before,
            action === undefined ? undefined : eq(auditLog.action, action),
            actorId === undefined ? undefined : eq(auditLog.actorId, actorId),
          ),
        )
        .orderBy(newestFirst(auditLog.createdAt), newestFirst(auditLog.id))
        .limit(limit + 1);
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },
  };
}

export type ModerationRepository = ReturnType<typeof createModerationRepository>;
