import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  AtomFeed,
  BoardSlugParams,
  CreateReleaseNoteBody,
  ErrorBody,
  IdParams,
  IdempotencyHeaders,
  ReleaseNoteDetail,
  ReleaseNoteList,
  ReleaseNoteListQuery,
  TopicDetailQuery,
  defaultRepliesPerPage,
  UpdateReleaseNoteBody,
  type ReleaseNotePublishMode,
} from '@townhall/contracts';
import { can, isStaffRole, shownReplyCount } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createBoardsRepository } from '../boards/boards.repository.ts';
import { createMarkdownRenderer } from '../posts/markdown-renderer.ts';
import { rendererVersion } from '../posts/render-markdown.ts';
import { createReactionsRepository, toReactionCounts } from '../reactions/reactions.repository.ts';
import { toAuthor } from '../topics/author.ts';
import { toPost } from '../topics/post-shape.ts';
import { createTopicsRepository, type PostWindowRequest } from '../topics/topics.repository.ts';
import { postsPageOf, postWindowOf } from '../topics/post-window.ts';
import { buildAtomFeed, excerptFromHtml } from './atom-feed.ts';
import { decodeReleaseNoteCursor, encodeReleaseNoteCursor } from './release-note-cursor.ts';
import { createDemandsRepository } from '../demands/demands.repository.ts';
import { createReleaseNotesRepository, type PublishAt, type ReleaseNoteAudience, type ReleaseNoteSections } from './release-notes.repository.ts';

const feedSize = 50;

/** The publication the body asks for; `publishAt` only with `at`, and then in the future. */
function publishFrom(mode: ReleaseNotePublishMode, publishAt: string | undefined, now: Date): PublishAt {
  if (mode !== 'at') {
    if (publishAt !== undefined) throw new AppError('VALIDATION_FAILED', 'publishAt is only for publish "at"', 'publishAt');
    return { mode };
  }
  if (publishAt === undefined) throw new AppError('VALIDATION_FAILED', 'publishAt is required when publish is "at"', 'publishAt');
  const at = new Date(publishAt);
  if (Number.isNaN(at.getTime()) || at <= now) throw new AppError('VALIDATION_FAILED', 'publishAt must be in the future', 'publishAt');
  return { mode: 'at', at };
}

/** Release notes: PMs and admins publish them; everyone reads, reacts and comments. */
export const releaseNotesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const boards = createBoardsRepository(app.db);
  const notes = createReleaseNotesRepository(app.db);
  const markdown = createMarkdownRenderer(app.db);
  const topics = createTopicsRepository(app.db);
  const reactions = createReactionsRepository(app.db);
  const demands = createDemandsRepository(app.db);

  /** Refuses ids that are not demands, naming the first one's place in the list. */
  async function checkDemandIds(demandIds: number[] | undefined) {
    if (!demandIds || demandIds.length === 0) return;
    const found = new Set(await demands.existing(demandIds));
    const missing = demandIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw new AppError('VALIDATION_FAILED', `Demand ${demandIds[missing]} does not exist`, `demandIds[${missing}]`);
  }

  const audienceOf = (request: FastifyRequest): ReleaseNoteAudience => ({
    staff: can({ role: request.viewer.role, action: 'releaseNote.readDrafts' }),
  });
  const releaseNotesBoard = async (slug: string) => {
    const board = await boards.findBySlug(slug);
    return board && board.kind === 'release_notes' ? { board } : null;
  };
  const noteResource = (request: FastifyRequest) => notes.findResource((request.params as { id: number }).id, audienceOf(request));

  async function loadDetail(request: FastifyRequest, id: number, window: PostWindowRequest = { from: 'start' }, limit = defaultRepliesPerPage) {
    const audience = audienceOf(request);
    const viewer = request.viewer;
    const readsDemands = can({ role: viewer.role, action: 'demand.read' });
    const [note, comments, state, linkedDemands] = await Promise.all([
      notes.find(id, audience),
      topics.listPostWindow(id, { staff: isStaffRole(viewer.role) }, window, limit, viewer.user?.id ?? null),
      reactions.readState(id, viewer.user?.id ?? null),
      readsDemands ? demands.linkedToNote(id) : Promise.resolve(null),
    ]);
    if (!note) throw new AppError('NOT_FOUND', 'This release note does not exist');
    const board = request.board!;
    const readerIsStaff = isStaffRole(viewer.role);
    const canEdit = can({ role: viewer.role, action: 'releaseNote.publish', board });
    const commentReader = { role: viewer.role, viewerId: viewer.user?.id ?? null, board, topicLocked: note.lockedAt !== null, topicReplyCount: note.replyCount };
    return {
      id: note.id,
      title: note.title,
      version: note.version,
      releasedOn: note.releasedOn,
      publishedAt: note.publishedAt?.toISOString() ?? null,
      createdAt: note.createdAt.toISOString(),
      status: note.status,
      board: { slug: note.boardSlug, name: note.boardName },
      author: toAuthor(note, readerIsStaff),
      introductionHtml: note.introductionHtml,
      scenariosHtml: note.scenariosHtml,
      precautionsHtml: note.precautionsHtml,
      ...(canEdit
        ? { source: { introduction: note.introductionMarkdown, scenarios: note.scenariosMarkdown, precautions: note.precautionsMarkdown } }
        : {}),
      reactions: state.reactions,
      viewerReactions: state.viewerReactions,
      // Comments are the topic's replies (every post after the opening one), a page at a time,
      // each with its moderation state and what the reader may do with it, as on a topic page.
      comments: comments.replies.map((row) => toPost(row, readerIsStaff, commentReader)),
      commentsPage: postsPageOf(comments, limit),
      canComment: note.lockedAt === null && can({ role: viewer.role, action: 'post.create', board }),
      canReact: can({ role: viewer.role, action: 'topic.react', board }),
      canEdit,
      ...(linkedDemands ? { demands: linkedDemands } : {}),
    };
  }

  app.get(
    '/release-notes',
    {
      config: {
        access: { action: 'board.read', resource: (request) => releaseNotesBoard((request.query as { board: string }).board) },
      },
      schema: {
        tags: ['release-notes'],
        summary: 'Release notes, newest first, filtered by version and release date (keyset pagination)',
        querystring: ReleaseNoteListQuery,
        response: { 200: ReleaseNoteList, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { query } = request;
      const cursor = query.cursor ? decodeReleaseNoteCursor(query.cursor) : null;
      if (query.cursor && !cursor) throw new AppError('INVALID_CURSOR', 'cursor is not one this API gave out', 'cursor');
      if (query.from && query.to && query.from > query.to) throw new AppError('VALIDATION_FAILED', 'from must not be after to', 'from');
      const board = request.board!;
      const { rows, hasMore } = await notes.list({
        boardId: board.id,
        audience: audienceOf(request),
        version: query.version?.trim() || undefined,
        from: query.from,
        to: query.to,
        cursor,
        limit: query.limit,
      });
      const last = rows.at(-1);
      return {
        board: { slug: board.slug, name: board.name },
        items: rows.map((row) => ({
          id: row.id,
          title: row.title,
          version: row.version,
          releasedOn: row.releasedOn,
          publishedAt: row.publishedAt?.toISOString() ?? null,
          createdAt: row.createdAt.toISOString(),
          status: row.status,
          excerpt: excerptFromHtml(row.introductionHead),
          reactions: toReactionCounts(row.reactions),
          commentCount: shownReplyCount({ replyCount: row.commentCount, hiddenReplyCount: row.hiddenCommentCount }, isStaffRole(request.viewer.role)),
        })),
        nextCursor: hasMore && last ? encodeReleaseNoteCursor({ sortedAt: last.publishedAt ?? last.createdAt, id: last.id }) : null,
        canPublish: can({ role: request.viewer.role, action: 'releaseNote.publish', board }),
      };
    },
  );

  app.get(
    '/release-notes/feed.atom',
    {
      config: { access: 'public' },
      schema: {
        tags: ['release-notes'],
        summary: 'Atom feed of the latest published notes on public release-notes boards',
        response: { 200: AtomFeed },
      },
    },
    async (request, reply) => {
      const rows = await notes.feed(feedSize);
      const origin = `${request.protocol}://${request.host}`;
      const updated = rows.reduce((latest, row) => (row.updatedAt > latest ? row.updatedAt : latest), rows[0]?.publishedAt ?? new Date(0));
      const xml = buildAtomFeed({
        id: `${origin}/release-notes`,
        title: 'Townhall release notes',
        selfLink: `${origin}/api/release-notes/feed.atom`,
        alternateLink: `${origin}/release-notes`,
        updated,
        entries: rows.map((row) => ({
          id: `${origin}/release-notes/${row.id}`,
          title: row.version ? `${row.title} (${row.version})` : row.title,
          link: `${origin}/release-notes/${row.id}`,
          author: row.authorName,
          published: row.publishedAt!,
          updated: row.updatedAt > row.publishedAt! ? row.updatedAt : row.publishedAt!,
          html: [
            `<h2>Introduction</h2>${row.introductionHtml}`,
            `<h2>Scenarios</h2>${row.scenariosHtml}`,
            `<h2>Precautions</h2>${row.precautionsHtml}`,
          ].join('\n'),
        })),
      });
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );

  app.get(
    '/release-notes/:id',
    {
      config: { access: { action: 'board.read', resource: noteResource } },
      schema: {
        tags: ['release-notes'],
        summary: 'A release note with its sections, reactions and one page of comments',
        description: 'Comments come in pages by post number, as a topic\'s replies do: `after`, `before` or `near`, and `commentsPage` says where the page sits.',
        params: IdParams,
        querystring: TopicDetailQuery,
        response: { 200: ReleaseNoteDetail, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const detail = await loadDetail(request, request.params.id, postWindowOf(request.query), request.query.limit);
      // Opening the page reads what one was told about it (a new note, a beta decision).
      await app.notifier.opened(request.viewer.user?.id, request.params.id);
      return detail;
    },
  );

  app.post(
    '/boards/:slug/release-notes',
    {
      config: {
        access: { action: 'releaseNote.publish', resource: (request) => boards.findBySlug((request.params as { slug: string }).slug).then((board) => board && { board }) },
      },
      schema: {
        tags: ['release-notes'],
        summary: 'Publish a release note (now, later, or as a draft)',
        params: BoardSlugParams,
        headers: IdempotencyHeaders,
        body: CreateReleaseNoteBody,
        response: { 200: ReleaseNoteDetail, 201: ReleaseNoteDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { body } = request;
      if (body.version === undefined && body.releasedOn === undefined) {
        throw new AppError('VALIDATION_FAILED', 'version or releasedOn is required', 'version');
      }
      const publish = publishFrom(body.publish, body.publishAt, new Date());
      await checkDemandIds(body.demandIds);
      const { id, created } = await notes.create({
        boardId: request.board!.id,
        authorId: request.viewer.user!.id,
        title: body.title.trim(),
        version: body.version ?? null,
        releasedOn: body.releasedOn ?? null,
        sections: (await markdown.renderSections({ introduction: body.introduction, scenarios: body.scenarios, precautions: body.precautions })) as ReleaseNoteSections,
        rendererVersion,
        publish,
        idempotencyKey: request.headers['idempotency-key'] ?? null,
      });
      if (created && body.demandIds && body.demandIds.length > 0) await demands.linkToNote(id, body.demandIds, request.viewer.user!.id);
      // Published at once: watchers hear now (and linked demands ship); scheduled notes are
      // announced by the job when due.
      if (created && publish.mode === 'now') await app.notifier.announceReleaseNotes();
      return reply.status(created ? 201 : 200).send(await loadDetail(request, id));
    },
  );

  app.patch(
    '/release-notes/:id',
    {
      config: { access: { action: 'releaseNote.publish', resource: noteResource } },
      schema: {
        tags: ['release-notes'],
        summary: 'Edit a release note (any subset of its fields)',
        params: IdParams,
        body: UpdateReleaseNoteBody,
        response: { 200: ReleaseNoteDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { body } = request;
      if (body.publishAt !== undefined && body.publish === undefined) {
        throw new AppError('VALIDATION_FAILED', 'publishAt is only for publish "at"', 'publishAt');
      }
      await checkDemandIds(body.demandIds);
      const sections: Partial<ReleaseNoteSections> = await markdown.renderSections({ introduction: body.introduction, scenarios: body.scenarios, precautions: body.precautions });
      await notes.update(request.params.id, request.viewer.user!.id, {
        ...(body.title !== undefined ? { title: body.title.trim() } : {}),
        ...(body.version !== undefined ? { version: body.version } : {}),
        ...(body.releasedOn !== undefined ? { releasedOn: body.releasedOn } : {}),
        ...(Object.keys(sections).length > 0 ? { sections } : {}),
        ...(body.publish !== undefined ? { publish: publishFrom(body.publish, body.publishAt, new Date()) } : {}),
        rendererVersion,
      });
      if (body.demandIds !== undefined) {
        await demands.linkToNote(request.params.id, body.demandIds, request.viewer.user!.id);
        // Linked to a note that is already out (and announced): they ship now.
        if (body.publish === undefined && (await demands.noteIsOut(request.params.id))) await app.notifier.demandsShipped({ noteId: request.params.id });
      }
      if (body.publish === 'now') await app.notifier.announceReleaseNotes();
      return loadDetail(request, request.params.id);
    },
  );

  app.post(
    '/release-notes/:id/publish',
    {
      config: { access: { action: 'releaseNote.publish', resource: noteResource } },
      schema: {
        tags: ['release-notes'],
        summary: 'Publish a draft or scheduled note now (a published note stays as it is)',
        params: IdParams,
        response: { 200: ReleaseNoteDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { changed } = await notes.publishNow(request.params.id, request.viewer.user!.id);
      if (changed) await app.notifier.announceReleaseNotes();
      return loadDetail(request, request.params.id);
    },
  );
};

