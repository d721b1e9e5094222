import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminBoard, AdminBoardList, CreateBoardBody, ErrorBody, IdParams, UpdateBoardBody } from '@townhall/contracts';
import { boardSlugFromName, boardSlugProblem, settableBoardVisibilities } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createBoardAdminRepository, type BoardAdminRow } from './board-admin.repository.ts';

const adminOnly = { access: { action: 'admin.manage' } } as const;
const refusals = { 401: ErrorBody, 403: ErrorBody };

function toAdminBoard(row: BoardAdminRow) {
  return { ...row, settableVisibilities: [...settableBoardVisibilities(row.kind)], createdAt: row.createdAt.toISOString() };
}

const notFound = () => new AppError('NOT_FOUND', 'This board does not exist');

/** Admin: add Q&A boards, and rename, describe, reorder or change who reads any board. */
export const boardAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const boards = createBoardAdminRepository(app.db);

  const loadBoard = async (id: number) => {
    const row = await boards.find(id);
    if (!row) throw notFound();
    return toAdminBoard(row);
  };

  app.get(
    '/admin/boards',
    {
      config: adminOnly,
      schema: { tags: ['admin'], summary: 'Every board in header order, with its topic count', response: { 200: AdminBoardList, ...refusals } },
    },
    async () => ({ boards: (await boards.list()).map(toAdminBoard) }),
  );

  app.post(
    '/admin/boards',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Add a Q&A board (its slug, the address /b/<slug>, is made from the name when left out)',
        body: CreateBoardBody,
        response: { 201: AdminBoard, 400: ErrorBody, 409: ErrorBody, ...refusals },
      },
    },
    async (request, reply) => {
      const name = request.body.name.trim();
      const given = request.body.slug?.trim();
      const slug = given || boardSlugFromName(name);
      if (!slug) throw new AppError('VALIDATION_FAILED', 'slug is needed: the name has too few Latin letters or digits to make one', 'slug');
      const problem = boardSlugProblem(slug);
      if (problem) throw new AppError('VALIDATION_FAILED', `slug ${problem}`, 'slug');
      const id = await boards.create({
        slug,
        name,
        description: request.body.description?.trim() ?? '',
        visibility: request.body.visibility ?? 'public',
        actorId: request.viewer.user!.id,
      });
      if (id === null) throw new AppError('BOARD_SLUG_TAKEN', `Another board already has the address /b/${slug}`, 'slug');
      return reply.status(201).send(await loadBoard(id));
    },
  );

  app.patch(
    '/admin/boards/:id',
    {
      config: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Rename, describe, reorder or change who reads a board; its address stays',
        params: IdParams,
        body: UpdateBoardBody,
        response: { 200: AdminBoard, 400: ErrorBody, 404: ErrorBody, ...refusals },
      },
    },
    async (request) => {
      const { name, description, visibility, position } = request.body;
      const outcome = await boards.update({
        id: request.params.id,
        actorId: request.viewer.user!.id,
        changes: { name: name?.trim(), description: description?.trim(), visibility, position },
        check: (board) => {
          if (visibility !== undefined && !settableBoardVisibilities(board.kind).includes(visibility)) {
            throw new AppError('VALIDATION_FAILED', 'visibility of this board cannot be changed: its pages are built around it', 'visibility');
          }
        },
      });
      if (outcome === 'not_found') throw notFound();
      return loadBoard(request.params.id);
    },
  );
};
