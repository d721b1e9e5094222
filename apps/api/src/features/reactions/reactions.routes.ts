import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, ReactionParams, ReactionState } from '@townhall/contracts';
import { createTopicResourceResolver } from '../topics/topic-resource.ts';
import { reactionRateLimit } from './reaction-rate-limit.ts';
import { createReactionsRepository } from './reactions.repository.ts';

export type ReactionsRoutesOptions = { reactionsPerMinute: number };

/** Reactions on topics (release notes and questions): one of each kind per person, exact counts. */
export const reactionsRoutes: FastifyPluginAsyncTypebox<ReactionsRoutesOptions> = async (app, options) => {
  const reactions = createReactionsRepository(app.db);

  const topicResource = createTopicResourceResolver(app.db);
  // Counts only: who reacted stays on the page that asks for it.
  const publishCounts = (topicId: number, counts: Record<string, number>) =>
    app.live.publish({ channel: `topic:${topicId}`, kind: 'topic.reactions', payload: { topicId, ...counts } });

  const schema = (summary: string) => ({
    tags: ['reactions'],
    summary,
    params: ReactionParams,
    response: { 200: ReactionState, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody },
  });

  app.put(
    '/topics/:id/reactions/:kind',
    { config: { access: { action: 'topic.react', resource: topicResource }, rateLimit: reactionRateLimit(options.reactionsPerMinute) }, schema: schema('React to a topic (idempotent)') },
    async (request) => {
      const state = await reactions.add(request.params.id, request.viewer.user!.id, request.params.kind);
      await publishCounts(request.params.id, state.reactions);
      return { topicId: request.params.id, ...state };
    },
  );

  app.delete(
    '/topics/:id/reactions/:kind',
    { config: { access: { action: 'topic.react', resource: topicResource }, rateLimit: reactionRateLimit(options.reactionsPerMinute) }, schema: schema('Take back a reaction (idempotent)') },
    async (request) => {
      const state = await reactions.remove(request.params.id, request.viewer.user!.id, request.params.kind);
      await publishCounts(request.params.id, state.reactions);
      return { topicId: request.params.id, ...state };
    },
  );
};
