import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BoardList, ErrorBody } from '@townhall/contracts';
import { can, readableVisibilities, type Role } from '@townhall/domain';
import { createBoardsRepository, type BoardRow } from './boards.repository.ts';

/** A board on the wire, with what the reader may do there. */
export function toBoard(board: BoardRow, role: Role) {
  return {
    id: board.id,
    slug: board.slug,
    name: board.name,
    description: board.description,
    kind: board.kind,
    visibility: board.visibility,
    canCreateTopic: can({ role, action: 'topic.create', board }),
  };
}

export const boardsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const boards = createBoardsRepository(app.db);

  app.get(
    '/boards',
    {
      config: { access: { action: 'board.read' } },
      schema: { tags: ['boards'], summary: 'The boards this person may read', response: { 200: BoardList, 400: ErrorBody } },
    },
    async (request) => {
      const { role } = request.viewer;
      // Boards for participants (beta feedback areas) are reached through their program, never listed.
      const rows = await boards.listByVisibility(readableVisibilities(role).filter((visibility) => visibility !== 'participants'));
      return { boards: rows.map((board) => toBoard(board, role)) };
    },
  );
};
