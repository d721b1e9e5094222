import type { FastifyRequest } from 'fastify';
import type { Database } from '@townhall/db';
import { isStaffRole } from '@townhall/domain';
import { createBatchLoader } from '../../plugins/batch-loader.ts';
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
  // Concurrent requests read their topics together, one read per audience.
  const loaders = {
    members: createBatchLoader({ loadMany: (topicIds: number[]) => topics.findTopicResources(topicIds, { staff: false }) }),
    staff: createBatchLoader({ loadMany: (topicIds: number[]) => topics.findTopicResources(topicIds, { staff: true }) }),
  };
  return async (request: FastifyRequest) => {
    const loader = isStaffRole(request.viewer.role) ? loaders.staff : loaders.members;
    return withParticipation(request, (await loader.load(topicIdOf(request))) ?? null);
  };
}
