import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  BoardSlugParams,
  defaultRepliesPerPage,
  CreatePostBody,
  CreateTopicBody,
  ErrorBody,
  IdParams,
  IdempotencyHeaders,
  Post,
  TopicDetail,
  TopicDetailQuery,
  TopicList,
  TopicListQuery,
} from '@townhall/contracts';
import { can, decodeTopicCursor, encodeTopicCursor, isStaffRole, replyMovesSlaClock, shownReplyCount } from '@townhall/domain';
import { tagsOrThrow } from './tags-input.ts';
import { AppError } from '../../errors.ts';
import { createBoardsRepository } from '../boards/boards.repository.ts';
import { toBoard } from '../boards/boards.routes.ts';
import { createMarkdownRenderer } from '../posts/markdown-renderer.ts';
import { rendererVersion } from '../posts/render-markdown.ts';
import { toAuthor } from './author.ts';
import { createDemandsRepository } from '../demands/demands.repository.ts';
import { toTopicDemand } from '../demands/demand-shape.ts';
import { toPost } from './post-shape.ts';
import { createBoardResourceResolver } from '../boards/board-resource.ts';
import { createFeedbackAreaGuard } from '../beta/participation.ts';
import { createTopicResourceResolver } from './topic-resource.ts';
import { createTopicsRepository, type PostWindowRequest } from './topics.repository.ts';
import { postsPageOf, postWindowOf } from './post-window.ts';
import { createSlaRepository } from '../sla/sla.repository.ts';
import { toTopicSla, toTopicSlaSummary } from '../sla/sla-shape.ts';

export type TopicsRoutesOptions = {
  postsPerMinute: number;
  /** Write concurrent plain replies in one statement (see createTopicsRepository). */
  batchReplies: boolean;
};


/** The question first, then the accepted answer, then the window's other replies in order. */
function acceptedAnswerFirst<T extends { id: number }>(opening: T | null, accepted: T | null, replies: T[]): T[] {
  return [...(opening ? [opening] : []), ...(accepted ? [accepted] : []), ...replies.filter((row) => row.id !== accepted?.id)];
}

export const topicsRoutes: FastifyPluginAsyncTypebox<TopicsRoutesOptions> = async (app, options) => {
  const boards = createBoardsRepository(app.db);
  const topics = createTopicsRepository(app.db, { batchReplies: options.batchReplies });
  const sla = createSlaRepository(app.db);

  const boardFromSlug = createBoardResourceResolver(app.db);
  const feedbackAreaOpen = createFeedbackAreaGuard(app.db);
  const audienceOf = (request: FastifyRequest) => ({ staff: isStaffRole(request.viewer.role) });
  const topicResource = createTopicResourceResolver(app.db);
  const demands = createDemandsRepository(app.db);
  const markdown = createMarkdownRenderer(app.db);
  const renderBody = async (source: string) => ({ markdown: source, html: await markdown.render(source), rendererVersion });

  // Posting is limited per person (the auth hook has run by then), not per address.
  const postingRateLimit = {
    max: options.postsPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request: FastifyRequest) => `user:${request.viewer.user?.id ?? request.ip}`,
  };

  async function loadTopicDetail(
    request: FastifyRequest,
    topicId: number,
    window: PostWindowRequest = { from: 'start' },
    limit: number = defaultRepliesPerPage,
  ) {
    const audience = audienceOf(request);
    const { role, user } = request.viewer;
    const readsSla = can({ role, action: 'sla.read' });
    const [topic, postWindow, clock, demand] = await Promise.all([
      topics.findTopic(topicId, audience, user?.id ?? null),
      topics.listPostWindow(topicId, audience, window, limit, user?.id ?? null),
      readsSla ? sla.findTopicClock(topicId) : Promise.resolve(null),
      demands.forTopic(topicId),
    ]);
    const shippedIn = demand?.shippedNoteId ? await demands.shippedIn([demand.shippedNoteId], { publishedOnly: !audience.staff }) : [];
    if (!topic) throw new AppError('NOT_FOUND', 'This question does not exist');
    const readerIsStaff = isStaffRole(request.viewer.role);
    const board = request.board!;
    return {
      id: topic.id,
      title: topic.title,
      status: topic.status,
      replyCount: shownReplyCount(topic, readerIsStaff),
      voteCount: topic.voteCount,
      tags: topic.tags,
      closedReason: topic.closedReason,
      acceptedPostId: topic.acceptedPostId,
      createdAt: topic.createdAt.toISOString(),
      lockedAt: topic.lockedAt?.toISOString() ?? null,
      board: { slug: board.slug, name: board.name, kind: board.kind, visibility: board.visibility },
      posts: acceptedAnswerFirst(postWindow.opening, postWindow.accepted, postWindow.replies).map((row) =>
        toPost(row, readerIsStaff, { role, viewerId: user?.id ?? null, board, topicLocked: topic.lockedAt !== null, topicReplyCount: topic.replyCount }),
      ),
      page: postsPageOf(postWindow, limit),
      canReply:
        topic.lockedAt === null &&
        topic.deletedAt === null &&
        can({ role, action: 'post.create', board, isParticipant: request.viewerIsParticipant }),
      isPinned: topic.pinnedAt !== null,
      isHidden: topic.hiddenAt !== null,
      isDeleted: topic.deletedAt !== null,
      canModerate: can({ role, action: 'topic.moderate', board }),
      viewerVoted: topic.viewerVoted,
      canVote: can({ role, action: 'topic.vote', board }) && !request.viewerIsOwner,
      canAccept: can({ role, action: 'answer.accept', board, isOwner: request.viewerIsOwner }),
      canSetStatus: can({ role, action: 'topic.setStatus', board }),
      // The response clock is account data: staff only.
      ...(readsSla ? { sla: clock ? toTopicSla(clock, app.clock.now(), can({ role, action: 'sla.work', board })) : null } : {}),
      demand: demand ? toTopicDemand(demand, shippedIn[0] ?? null, can({ role, action: 'demand.read' })) : null,
      ...(board.kind === 'qa' && can({ role, action: 'demand.manage' }) ? { canMakeDemand: topic.deletedAt === null } : {}),
    };
  }

  app.get(
    '/boards/:slug/topics',
    {
      config: { access: { action: 'board.read', resource: boardFromSlug } },
      schema: {
        tags: ['topics'],
        summary: "A board's topics, newest or most voted first, filterable (keyset pagination)",
        params: BoardSlugParams,
        querystring: TopicListQuery,
        response: { 200: TopicList, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const sort = request.query.sort ?? 'newest';
      const cursor = request.query.cursor ? decodeTopicCursor(request.query.cursor, sort) : null;
      if (request.query.cursor && !cursor) throw new AppError('INVALID_CURSOR', 'cursor is not one this API gave out for this order', 'cursor');
      const readerIsStaff = isStaffRole(request.viewer.role);
      if (request.query.tier && !can({ role: request.viewer.role, action: 'staffFields.read' })) {
        throw new AppError('FORBIDDEN', 'Only staff can filter by organization tier', 'tier');
      }
      const board = request.board!;
      const readsSla = can({ role: request.viewer.role, action: 'sla.read' });
      const now = app.clock.now();
      const { pinned, rows, hasMore } = await topics.listTopics({
        boardId: board.id,
        cursor,
        limit: request.query.limit,
        audience: audienceOf(request),
        sort,
        filter: request.query.filter ?? 'all',
        tag: request.query.tag?.toLowerCase() ?? null,
        tier: request.query.tier ?? null,
      });
      const last = rows.at(-1);
      return {
        board: {
          ...toBoard(board, request.viewer.role),
          canCreateTopic: can({ role: request.viewer.role, action: 'topic.create', board, isParticipant: request.viewerIsParticipant }),
        },
        items: [...pinned, ...rows].map((row) => ({
          id: row.id,
          title: row.title,
          status: row.status,
          replyCount: shownReplyCount(row, readerIsStaff),
          voteCount: row.voteCount,
          tags: row.tags,
          hasOfficialAnswer: row.hasOfficialAnswer,
          hasAcceptedAnswer: row.acceptedPostId !== null,
          isPinned: row.pinnedAt !== null,
          createdAt: row.createdAt.toISOString(),
          lastPostedAt: row.lastPostedAt.toISOString(),
          author: toAuthor(row, readerIsStaff),
          ...(readsSla ? { sla: toTopicSlaSummary(row, now) } : {}),
        })),
        nextCursor:
          hasMore && last ? encodeTopicCursor({ sort, createdAt: last.createdAt, id: last.id, voteCount: last.voteCount }) : null,
      };
    },
  );

  app.post(
    '/boards/:slug/topics',
    {
      config: { access: { action: 'topic.create', resource: boardFromSlug }, rateLimit: postingRateLimit },
      schema: {
        tags: ['topics'],
        summary: 'Ask a question (create a topic with its opening post)',
        params: BoardSlugParams,
        headers: IdempotencyHeaders,
        body: CreateTopicBody,
        response: { 200: TopicDetail, 201: TopicDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const author = request.viewer.user!;
      await feedbackAreaOpen(request.board!);
      const { topicId, created } = await topics.createTopic({
        boardId: request.board!.id,
        authorId: author.id,
        authorIsStaff: isStaffRole(author.role),
        title: request.body.title.trim(),
        tags: tagsOrThrow(request.body.tags ?? []),
        body: await renderBody(request.body.body),
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        startsSlaClock: request.board!.kind === 'qa' && author.role === 'customer',
        now: app.clock.now(),
      });
      if (created) {
        const boardId = request.board!.id;
        // Neither throws, and neither needs the other: the live event is written while the
        // notifications are queued (they are written after the answer, see `queueNewPost`).
        await Promise.all([
          app.live.publishMany([
            { channel: `board:${boardId}`, kind: 'topic.created', payload: { topicId, boardId } },
            // A question may start an SLA clock: the staff queue refreshes.
            ...(request.board!.kind === 'qa' ? [{ channel: 'sla', kind: 'sla.changed', payload: { topicId } }] : []),
          ]),
          app.notifier.queueNewPost({ topicId, postId: null, authorId: author.id, isOpeningPost: true, bodyMarkdown: request.body.body }),
        ]);
      }
      return reply.status(created ? 201 : 200).send(await loadTopicDetail(request, topicId));
    },
  );

  app.get(
    '/topics/:id',
    {
      config: { access: { action: 'board.read', resource: topicResource } },
      schema: {
        tags: ['topics'],
        summary: 'A topic with its opening post, its accepted answer and one page of replies',
        description:
          'Replies come in pages by post number: none of `after`, `before` and `near` is the first page; `page` says how many come before and after and which numbers to ask for.',
        params: IdParams,
        querystring: TopicDetailQuery,
        response: { 200: TopicDetail, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const detail = await loadTopicDetail(request, request.params.id, postWindowOf(request.query), request.query.limit);
      // Opening a topic reads what one was told about it, so no e-mail follows for it.
      await app.notifier.opened(request.viewer.user?.id, request.params.id);
      return detail;
    },
  );

  app.post(
    '/topics/:id/posts',
    {
      config: { access: { action: 'post.create', resource: topicResource }, rateLimit: postingRateLimit },
      schema: {
        tags: ['topics'],
        summary: 'Answer a topic',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: CreatePostBody,
        response: { 200: Post, 201: Post, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const author = request.viewer.user!;
      await feedbackAreaOpen(request.board!);
      const { post, created } = await topics.createReply({
        topicId: request.params.id,
        authorId: author.id,
        authorIsStaff: isStaffRole(author.role),
        authorIsAsker: request.viewerIsOwner,
        body: await renderBody(request.body.body),
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        now: app.clock.now(),
      });
      if (created) {
        const topicId = request.params.id;
        const postId = post.id;
        // Neither throws, and neither needs the other: the live event is written while the
        // notifications are queued (they are written after the answer, see `queueNewPost`).
        await Promise.all([
          app.live.publishMany([
            { channel: `topic:${topicId}`, kind: 'post.created', payload: { topicId, postId, postNumber: post.postNumber } },
            // Staff answering or the asker following up may stop, pause or start the question's
            // clock: the staff queue refreshes. Other replies change nothing it shows.
            ...(request.board!.kind === 'qa' && replyMovesSlaClock({ replyIsFromStaff: isStaffRole(author.role), replyIsFromAsker: request.viewerIsOwner })
              ? [{ channel: 'sla', kind: 'sla.changed', payload: { topicId } }]
              : []),
          ]),
          app.notifier.queueNewPost({ topicId, postId, authorId: author.id, isOpeningPost: false, bodyMarkdown: request.body.body }),
        ]);
      }
      return reply.status(created ? 201 : 200).send(
        toPost(post, isStaffRole(author.role), { role: author.role, viewerId: author.id, board: request.board!, topicLocked: false, topicReplyCount: post.postNumber - 1 }),
      );
    },
  );
};
