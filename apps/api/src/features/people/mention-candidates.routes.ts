import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, MentionCandidateList, MentionCandidatesQuery } from '@townhall/contracts';
import { can, isStaffRole } from '@townhall/domain';
import type { AccessResource } from '../../plugins/auth.ts';
import { createTopicResourceResolver } from '../topics/topic-resource.ts';
import { createMentionCandidatesRepository } from './mention-candidates.repository.ts';

export type MentionCandidatesRoutesOptions = { lookupsPerMinute: number };

const candidatesLimit = 8;

/** The people offered while someone types `@…` in a Markdown field. */
export const mentionCandidatesRoutes: FastifyPluginAsyncTypebox<MentionCandidatesRoutesOptions> = async (app, options) => {
  const candidates = createMentionCandidatesRepository(app.db);
  const topicResource = createTopicResourceResolver(app.db, (request) => (request.query as MentionCandidatesQuery).topicId!);

  app.get(
    '/people/mention-candidates',
    {
      config: {
        access: { action: 'people.mention' },
        // Per person, so that the list cannot be used to copy the member list quickly.
        rateLimit: { max: options.lookupsPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `mention:${request.viewer.user!.id}` },
      },
      schema: {
        tags: ['people'],
        summary: 'Up to eight active people whose handle or a word of whose name starts with q; posters in the topic first',
        querystring: MentionCandidatesQuery,
        response: { 200: MentionCandidateList, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const { q, topicId } = request.query;
      // A topic the reader may not read (or that does not exist) is ignored, not refused: the
      // answer must not tell whether it exists or who wrote in it.
      let readableTopicId: number | null = null;
      if (topicId !== undefined) {
        const resource: AccessResource | null = await topicResource(request);
        const readable =
          resource !== null && can({ role: request.viewer.role, action: 'board.read', board: resource.board, isParticipant: resource.isParticipant });
        if (readable) readableTopicId = topicId;
      }
      const rows = await candidates.find({ query: q, topicId: readableTopicId, limit: candidatesLimit });
      return { items: rows.map((row) => ({ id: row.id, handle: row.handle, displayName: row.displayName, isStaff: isStaffRole(row.role) })) };
    },
  );
};
