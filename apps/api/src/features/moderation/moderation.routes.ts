import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  AuditLogPage,
  AuditLogQuery,
  EditPostBody,
  ErrorBody,
  Flag,
  FlagPostBody,
  HidePostBody,
  IdParams,
  KeysetQuery,
  ModeratedPost,
  ModeratedTopic,
  ModerateTopicBody,
  OpenFlagList,
  PostRevisionList,
  ResolveFlagBody,
} from '@townhall/contracts';
import { diffLines, isAuditAction, isStaffRole, parseAuditActorFilter } from '@townhall/domain';
import type { LiveEventPayload } from '../live/live.repository.ts';
import type { Board } from '../../plugins/auth.ts';
import { AppError } from '../../errors.ts';
import { createParticipationResolver } from '../beta/participation.ts';
import { createBoardsRepository } from '../boards/boards.repository.ts';
import { createMarkdownRenderer } from '../posts/markdown-renderer.ts';
import { rendererVersion } from '../posts/render-markdown.ts';
import { tagsOrThrow } from '../topics/tags-input.ts';
import { decodeKeysetCursor, encodeKeysetCursor, type KeysetCursor } from './keyset-cursor.ts';
import { createModerationRepository, type ModerationRepository } from './moderation.repository.ts';

type ModeratedPostRow = Awaited<ReturnType<ModerationRepository['findModeratedPost']>> & {};

/**
 * What open pages hear about a changed post. An edit names the post (only those who may see it
 * get it); hiding, deleting and restoring name only the topic, so readers who can no longer see
 * the post still refresh and lose it, and learn nothing about it.
 */
function postChangeEvent(kind: 'post.edited' | 'post.moderated', row: ModeratedPostRow) {
  const payload: LiveEventPayload = kind === 'post.edited' ? { topicId: row.topicId, postId: row.id } : { topicId: row.topicId };
  return { channel: `topic:${row.topicId}`, kind, payload };
}

/** `boardKind` (of the post's board, which the access check found) says where the post's page is. */
function toModeratedPost(row: ModeratedPostRow, boardKind: Board['kind']) {
  return {
    id: row.id,
    topicId: row.topicId,
    boardKind,
    postNumber: row.postNumber,
    bodyHtml: row.bodyHtml,
    revision: row.currentRevision,
    editedAt: row.editedAt?.toISOString() ?? null,
    isHidden: row.hiddenAt !== null,
    isDeleted: row.deletedAt !== null,
  };
}

function toFlag(row: { id: number; postId: number; reason: string; createdAt: Date; resolvedAt: Date | null; resolution: string | null }) {
  return {
    id: row.id,
    postId: row.postId,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolution: row.resolution,
  };
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

function readCursor(raw: string | undefined): KeysetCursor | null {
  if (!raw) return null;
  const cursor = decodeKeysetCursor(raw);
  if (!cursor) throw new AppError('INVALID_CURSOR', 'cursor is not one this API gave out', 'cursor');
  return cursor;
}

const postErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * Moderation, and nothing lost: post edits with revisions and diffs, soft delete and restore,
 * hiding, topic moderation, flags and the audit log. Every staff step is audited in the same
 * transaction as the change.
 */
export type ModerationRoutesOptions = {
  /** Edits and flags each person may send a minute: each edit keeps a revision, each flag lands in the staff queue. */
  editsPerMinute: number;
};

export const moderationRoutes: FastifyPluginAsyncTypebox<ModerationRoutesOptions> = async (app, options) => {
  // Per person (the auth hook has run by then), each kind on its own budget.
  const perPerson = (kind: string) => ({
    max: options.editsPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request: FastifyRequest) => `${kind}:${request.viewer.user?.id ?? request.ip}`,
  });
  const moderation = createModerationRepository(app.db);
  const markdown = createMarkdownRenderer(app.db);
  const boards = createBoardsRepository(app.db);

  // A beta feedback area's participants edit, delete and flag their own posts there too.
  const withParticipation = createParticipationResolver(app.db);
  const postResource = async (request: FastifyRequest) =>
    withParticipation(
      request,
      await moderation.findPostResource((request.params as { id: number }).id, { staff: isStaffRole(request.viewer.role), viewerId: request.viewer.user?.id ?? null }),
    );
  const topicResource = (request: FastifyRequest) => moderation.findTopicResource((request.params as { id: number }).id);
  const flagResource = (request: FastifyRequest) => moderation.findFlagResource((request.params as { id: number }).id);
  const actorOf = (request: FastifyRequest) => request.viewer.user!;

  app.patch(
    '/posts/:id',
    {
      config: { access: { action: 'post.edit', resource: postResource }, rateLimit: perPerson('edit') },
      schema: {
        tags: ['moderation'],
        summary: 'Edit a post (and, on the opening post, the topic title); keeps every revision',
        params: IdParams,
        body: EditPostBody,
        response: { 200: ModeratedPost, ...postErrors, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const editor = actorOf(request);
      const row = await moderation.editPost({
        postId: request.params.id,
        editorId: editor.id,
        editorIsStaff: isStaffRole(editor.role),
        body: { markdown: request.body.body, html: await markdown.render(request.body.body), rendererVersion },
        title: request.body.title?.trim(),
        tags: request.body.tags && tagsOrThrow(request.body.tags),
        baseRevision: request.body.baseRevision,
      });
      await app.live.publish(postChangeEvent('post.edited', row));
      return toModeratedPost(row, request.board!.kind);
    },
  );

  app.get(
    '/posts/:id/revisions',
    {
      config: { access: { action: 'post.readRevisions', resource: postResource } },
      schema: {
        tags: ['moderation'],
        summary: "A post's revisions, oldest first, each with the line diff from the one before",
        params: IdParams,
        response: { 200: PostRevisionList, ...postErrors },
      },
    },
    async (request) => {
      const found = await moderation.listRevisions(request.params.id);
      if (!found) throw new AppError('NOT_FOUND', 'This post does not exist');
      const { post, revisions } = found;
      return {
        postId: post.id,
        topicId: post.topicId,
        topicTitle: post.topicTitle,
        boardKind: request.board!.kind,
        postNumber: post.postNumber,
        topicTags: post.topicTags,
        revisions: revisions.map((revision, index) => ({
          revision: revision.revision,
          title: revision.title,
          tags: revision.tags,
          bodyMarkdown: revision.bodyMarkdown,
          editor: { id: revision.editorId, displayName: revision.editorName },
          createdAt: revision.createdAt.toISOString(),
          diff: diffLines({ before: revisions[index - 1]?.bodyMarkdown ?? '', after: revision.bodyMarkdown }),
        })),
      };
    },
  );

  app.post(
    '/posts/:id/delete',
    {
      config: { access: { action: 'post.delete', resource: postResource } },
      schema: {
        tags: ['moderation'],
        summary: 'Soft-delete a post; the opening post deletes its topic, which its author may do only while it has no replies (staff can restore)',
        params: IdParams,
        response: { 200: ModeratedPost, ...postErrors, 409: ErrorBody },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await moderation.setPostDeleted({ postId: request.params.id, actorId: actor.id, actorIsStaff: isStaffRole(actor.role), deleted: true });
      await app.live.publish(postChangeEvent('post.moderated', row));
      return toModeratedPost(row, request.board!.kind);
    },
  );

  app.post(
    '/posts/:id/restore',
    {
      config: { access: { action: 'post.restore', resource: postResource } },
      schema: {
        tags: ['moderation'],
        summary: 'Restore a deleted post (and its topic, for the opening post)',
        params: IdParams,
        response: { 200: ModeratedPost, ...postErrors },
      },
    },
    async (request) => {
      const row = await moderation.setPostDeleted({ postId: request.params.id, actorId: actorOf(request).id, actorIsStaff: true, deleted: false });
      await app.live.publish(postChangeEvent('post.moderated', row));
      return toModeratedPost(row, request.board!.kind);
    },
  );

  app.post(
    '/posts/:id/hide',
    {
      config: { access: { action: 'post.hide', resource: postResource } },
      schema: {
        tags: ['moderation'],
        summary: 'Hide a post from everyone but staff and its author, with a reason its author is told',
        params: IdParams,
        body: HidePostBody,
        response: { 200: ModeratedPost, ...postErrors },
      },
    },
    async (request) => {
      const actorId = actorOf(request).id;
      const reason = request.body.reason.trim();
      const { row, newlyHidden } = await moderation.setPostHidden({ postId: request.params.id, actorId, hidden: true, reason });
      await app.live.publish(postChangeEvent('post.moderated', row));
      if (newlyHidden) await app.notifier.postHidden({ topicId: row.topicId, postId: row.id, postAuthorId: newlyHidden.authorId, actorId, reason });
      return toModeratedPost(row, request.board!.kind);
    },
  );

  app.post(
    '/posts/:id/unhide',
    {
      config: { access: { action: 'post.hide', resource: postResource } },
      schema: {
        tags: ['moderation'],
        summary: 'Show a hidden post again',
        params: IdParams,
        response: { 200: ModeratedPost, ...postErrors },
      },
    },
    async (request) => {
      const { row } = await moderation.setPostHidden({ postId: request.params.id, actorId: actorOf(request).id, hidden: false });
      await app.live.publish(postChangeEvent('post.moderated', row));
      return toModeratedPost(row, request.board!.kind);
    },
  );

  app.post(
    '/topics/:id/moderation',
    {
      config: { access: { action: 'topic.moderate', resource: topicResource } },
      schema: {
        tags: ['moderation'],
        summary: 'Pin, lock, hide, delete (or undo each) or move a topic',
        params: IdParams,
        body: ModerateTopicBody,
        response: { 200: ModeratedTopic, ...postErrors },
      },
    },
    async (request) => {
      const { action, boardSlug } = request.body;
      let toBoard: { id: number; slug: string } | undefined;
      if (action === 'move') {
        if (!boardSlug) throw new AppError('VALIDATION_FAILED', 'boardSlug is required to move a topic', 'boardSlug');
        const target = await boards.findBySlug(boardSlug);
        if (!target) throw new AppError('VALIDATION_FAILED', 'boardSlug names no board', 'boardSlug');
        if (target.kind !== request.board!.kind) {
          throw new AppError('VALIDATION_FAILED', 'boardSlug must name a board of the same kind', 'boardSlug');
        }
        toBoard = { id: target.id, slug: target.slug };
      }
      const topic = await moderation.moderateTopic({ topicId: request.params.id, actorId: actorOf(request).id, action, toBoard });
      // Readers who may still open the topic refresh it (pinned, locked, moved, shown again).
      await app.live.publish({ channel: `topic:${topic.id}`, kind: 'topic.moderated', payload: { topicId: topic.id } });
      return {
        id: topic.id,
        boardSlug: topic.boardSlug,
        title: topic.title,
        pinnedAt: iso(topic.pinnedAt),
        lockedAt: iso(topic.lockedAt),
        hiddenAt: iso(topic.hiddenAt),
        deletedAt: iso(topic.deletedAt),
      };
    },
  );

  app.post(
    '/posts/:id/flags',
    {
      config: { access: { action: 'post.flag', resource: postResource }, rateLimit: perPerson('flag') },
      schema: {
        tags: ['moderation'],
        summary: 'Flag a post for staff review (once per person and post)',
        params: IdParams,
        body: FlagPostBody,
        response: { 201: Flag, ...postErrors, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const flag = await moderation.flagPost({ postId: request.params.id, reporterId: actorOf(request).id, reason: request.body.reason.trim() });
      return reply.status(201).send(toFlag(flag));
    },
  );

  app.get(
    '/flags',
    {
      config: { access: { action: 'flags.review' } },
      schema: {
        tags: ['moderation'],
        summary: 'Open flags, oldest first (keyset pagination)',
        querystring: KeysetQuery,
        response: { 200: OpenFlagList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { rows, hasMore } = await moderation.listOpenFlags({ cursor: readCursor(request.query.cursor), limit: request.query.limit });
      const last = rows.at(-1);
      return {
        items: rows.map((row) => ({
          id: row.id,
          reason: row.reason,
          createdAt: row.createdAt.toISOString(),
          reporter: { id: row.reporterId, displayName: row.reporterName },
          post: {
            id: row.postId,
            postNumber: row.postNumber,
            excerpt: row.excerpt,
            author: { id: row.authorId, displayName: row.authorName },
            isHidden: row.postHiddenAt !== null,
            isDeleted: row.postDeletedAt !== null,
          },
          topic: { id: row.topicId, title: row.topicTitle },
        })),
        nextCursor: hasMore && last ? encodeKeysetCursor({ createdAt: last.createdAt, id: last.id }) : null,
      };
    },
  );

  app.post(
    '/flags/:id/resolve',
    {
      config: { access: { action: 'flags.review', resource: flagResource } },
      schema: {
        tags: ['moderation'],
        summary: 'Resolve a flag: hide the post, or dismiss the flag',
        params: IdParams,
        body: ResolveFlagBody,
        response: { 200: Flag, ...postErrors, 409: ErrorBody },
      },
    },
    async (request) => {
      const actorId = actorOf(request).id;
      const { flag, newlyHidden } = await moderation.resolveFlag({ flagId: request.params.id, resolverId: actorId, resolution: request.body.resolution });
      if (newlyHidden) {
        // Open pages of the topic refresh and lose the post, as when staff hide it themselves.
        await app.live.publish({ channel: `topic:${newlyHidden.topicId}`, kind: 'post.moderated', payload: { topicId: newlyHidden.topicId } });
        const { topicId, postId, authorId } = newlyHidden;
        await app.notifier.postHidden({ topicId, postId, postAuthorId: authorId, actorId, reason: null });
      }
      return toFlag(flag);
    },
  );

  app.get(
    '/audit-log',
    {
      config: { access: { action: 'audit.read' } },
      schema: {
        tags: ['moderation'],
        summary: 'The audit log, newest first (keyset pagination), optionally of one action and one actor (e-mail or handle)',
        querystring: AuditLogQuery,
        response: { 200: AuditLogPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { action, actor } = request.query;
      if (action !== undefined && !isAuditAction(action)) throw new AppError('VALIDATION_FAILED', 'action is not one the audit log records', 'action');
      let actorId: number | undefined;
      if (actor !== undefined) {
        const who = parseAuditActorFilter(actor);
        const found = who && (await moderation.findAuditActorId(who));
        if (!found) throw new AppError('VALIDATION_FAILED', 'No one has this e-mail or handle', 'actor');
        actorId = found;
      }
      const { rows, hasMore } = await moderation.listAuditLog({ cursor: readCursor(request.query.cursor), limit: request.query.limit, action, actorId });
      const last = rows.at(-1);
      return {
        items: rows.map((row) => ({
          id: row.id,
          actor: row.actorId === null ? null : { id: row.actorId, displayName: row.actorName! },
          action: row.action,
          subjectType: row.subjectType,
          subjectId: row.subjectId,
          details: row.details,
          createdAt: row.createdAt.toISOString(),
        })),
        nextCursor: hasMore && last ? encodeKeysetCursor({ createdAt: last.createdAt, id: last.id }) : null,
      };
    },
  );
};
