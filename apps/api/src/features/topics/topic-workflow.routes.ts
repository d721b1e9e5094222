import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reactionRateLimit } from '../reactions/reaction-rate-limit.ts';
import { AcceptAnswerBody, ErrorBody, IdParams, SetStatusBody, StatusResult, VoteResult } from '@townhall/contracts';
import { checkStatusChange } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createTopicResourceResolver } from './topic-resource.ts';
import { createTopicsRepository } from './topics.repository.ts';

export type TopicWorkflowRoutesOptions = { reactionsPerMinute: number };

/** The Q&A workflow on a question: "me too" votes, accepting an answer, and staff status changes. */
export const topicWorkflowRoutes: FastifyPluginAsyncTypebox<TopicWorkflowRoutesOptions> = async (app, options) => {
  const topics = createTopicsRepository(app.db);
  const topicResource = createTopicResourceResolver(app.db);

  // Live events go out after the change has committed (the repository's transaction has returned).
  const publishVotes = (topicId: number, voteCount: number) =>
    app.live.publish({ channel: `topic:${topicId}`, kind: 'topic.votes', payload: { topicId, voteCount } });
  const publishAccepted = (topicId: number, result: { acceptedPostId: number | null; status: string }) =>
    app.live.publish({
      channel: `topic:${topicId}`,
      kind: 'answer.accepted',
      payload: { topicId, acceptedPostId: result.acceptedPostId, status: result.status },
    });

  const voteSchema = (summary: string) => ({
    tags: ['topics'],
    summary,
    params: IdParams,
    response: { 200: VoteResult, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
  });

  app.put(
    '/topics/:id/vote',
    { config: { access: { action: 'topic.vote', resource: topicResource }, rateLimit: reactionRateLimit(options.reactionsPerMinute) }, schema: voteSchema('Vote "me too" on a question') },
    async (request) => {
      // The asker's own "me too" would inflate demand.
      if (request.viewerIsOwner) throw new AppError('OWN_TOPIC', 'You asked this question; others can vote "me too"');
      const result = await topics.setVote({ topicId: request.params.id, userId: request.viewer.user!.id, voted: true });
      await publishVotes(request.params.id, result.voteCount);
      return result;
    },
  );

  app.delete(
    '/topics/:id/vote',
    { config: { access: { action: 'topic.vote', resource: topicResource }, rateLimit: reactionRateLimit(options.reactionsPerMinute) }, schema: voteSchema('Withdraw a "me too"') },
    async (request) => {
      const result = await topics.setVote({ topicId: request.params.id, userId: request.viewer.user!.id, voted: false });
      await publishVotes(request.params.id, result.voteCount);
      return result;
    },
  );

  app.post(
    '/topics/:id/accepted-answer',
    {
      config: { access: { action: 'answer.accept', resource: topicResource } },
      schema: {
        tags: ['topics'],
        summary: 'Accept an answer (the asker or staff); the question becomes solved',
        params: IdParams,
        body: AcceptAnswerBody,
        response: { 200: StatusResult, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const reply = await topics.findAcceptableReply(request.params.id, request.body.postId);
      if (!reply) throw new AppError('NOT_FOUND', 'postId is not an answer on this question', 'postId');
      const result = await topics.setAcceptedAnswer({ topicId: request.params.id, postId: reply.id, actorId: request.viewer.user!.id, now: app.clock.now() });
      await publishAccepted(request.params.id, result);
      // Accepting an answer may stop the first-response clock.
      await app.live.publish({ channel: 'sla', kind: 'sla.changed', payload: { topicId: request.params.id } });
      await app.notifier.answerAccepted({ topicId: request.params.id, postId: reply.id, postAuthorId: reply.authorId, actorId: request.viewer.user!.id });
      return result;
    },
  );

  app.delete(
    '/topics/:id/accepted-answer',
    {
      config: { access: { action: 'answer.accept', resource: topicResource } },
      schema: {
        tags: ['topics'],
        summary: 'Withdraw the accepted answer',
        params: IdParams,
        response: { 200: StatusResult, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const result = await topics.setAcceptedAnswer({ topicId: request.params.id, postId: null, actorId: request.viewer.user!.id, now: app.clock.now() });
      await publishAccepted(request.params.id, result);
      return result;
    },
  );

  app.post(
    '/topics/:id/status',
    {
      config: { access: { action: 'topic.setStatus', resource: topicResource } },
      schema: {
        tags: ['topics'],
        summary: 'Set a question’s status (staff); closing needs a reason',
        params: IdParams,
        body: SetStatusBody,
        response: { 200: StatusResult, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const topic = await topics.findTopic(request.params.id, { staff: true });
      const reason = request.body.reason ?? null;
      const check = checkStatusChange({ to: request.body.status, reason, hasAcceptedAnswer: topic!.acceptedPostId !== null });
      if (!check.ok) throw new AppError('VALIDATION_FAILED', check.reason, check.field);
      const result = await topics.setStatus({ topicId: request.params.id, status: request.body.status, reason, actorId: request.viewer.user!.id, now: app.clock.now() });
      await app.live.publish({ channel: `topic:${request.params.id}`, kind: 'topic.status', payload: { topicId: request.params.id, status: result.status } });
      // Closing a question stops its clock.
      await app.live.publish({ channel: 'sla', kind: 'sla.changed', payload: { topicId: request.params.id } });
      return result;
    },
  );
};
