import type { FastifyRequest } from 'fastify';
import type { Database } from '@townhall/db';
import { isStaffRole } from '@townhall/domain';
import { createParticipationResolver } from '../beta/participation.ts';
import { createTopicsRepository } from './topics.repository.ts';

/**
 * The access resource of a route on `/topics/:id`: the topic's board and asker, as this reader
 * may see them, including participation on a feedback board. Every topic route uses this one;
 * a route that names its topic elsewhere (a query parameter) says where with `topicIdOf`.
 */
export function createTopicResourceResolver(db: Database, topicIdOf: (request: FastifyRequest) => number = (request) => (request.params as { id: number }).id) {
  const topics = createTopicsRepository(db);
  const withParticipation = createParticipationResolver(db);
  return async (request: FastifyRequest) =>
    withParticipation(request, await topics.findTopicResource(topicIdOf(request), { staff: isStaffRole(request.viewer.role) }));
}
