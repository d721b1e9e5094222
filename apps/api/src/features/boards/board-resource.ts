import type { FastifyRequest } from 'fastify';
import type { Database } from '@townhall/db';
import { createParticipationResolver } from '../beta/participation.ts';
import { createBoardsRepository } from './boards.repository.ts';

/** The access resource of a route on `/boards/:slug`: the board, with participation on a feedback area. */
export function createBoardResourceResolver(db: Database) {
  const boards = createBoardsRepository(db);
  const withParticipation = createParticipationResolver(db);
  return async (request: FastifyRequest) => {
    const board = await boards.findBySlug((request.params as { slug: string }).slug);
    return withParticipation(request, board && { board });
  };
}
