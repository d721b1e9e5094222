import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams, PersonActivity, PersonActivityQuery } from '@townhall/contracts';
import { decodeActivityCursor, encodeActivityCursor, excerptFromHtml } from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createPersonActivityRepository, type PersonActivityRow } from './people-activity.repository.ts';

const excerptLength = 200;

function toActivityItem(row: PersonActivityRow) {
  return {
    postId: row.postId,
    postNumber: row.postNumber,
    kind: row.postNumber === 1 ? ('topic' as const) : ('reply' as const),
    topic: { id: row.topicId, title: row.title },
    board: { slug: row.boardSlug!, name: row.boardName!, kind: row.boardKind!, visibility: row.boardVisibility! },
    createdAt: row.createdAt.toISOString(),
    excerpt: excerptFromHtml({ html: row.bodyHtml, maxLength: excerptLength }),
    isAcceptedAnswer: row.isAcceptedAnswer === true,
    isOfficial: row.isOfficial,
    hiddenFromMembers: row.hiddenFromMembers === true,
    isDeleted: row.isDeleted === true,
  };
}

/**
 * What a person wrote, as the reader may see it: the topics they opened and their replies, newest
 * first. Posts the reader may not read are left out by the query itself, so nothing about them
 * (not even how many there are) reaches the answer.
 */
export const personActivityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const activity = createPersonActivityRepository(app.db);

  app.get(
    '/people/:id/activity',
    {
      config: { access: { action: 'board.read' } },
      schema: {
        tags: ['people'],
        summary: 'A person’s topics and replies that the reader may read, newest first (keyset pagination)',
        params: IdParams,
        querystring: PersonActivityQuery,
        response: { 200: PersonActivity, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { cursor: rawCursor, kind = 'all', limit } = request.query;
      const cursor = rawCursor ? decodeActivityCursor(rawCursor) : null;
      if (rawCursor && !cursor) throw new AppError('INVALID_CURSOR', 'cursor is not one this API gave out', 'cursor');
      const page = await activity.page({
        personId: request.params.id,
        reader: { role: request.viewer.role, userId: request.viewer.user?.id ?? null },
        kind,
        cursor,
        limit,
      });
      if (!page) throw new AppError('NOT_FOUND', 'This person does not exist');
      const last = page.rows.at(-1);
      return {
        items: page.rows.map(toActivityItem),
        nextCursor: page.hasMore && last ? encodeActivityCursor({ createdAt: last.createdAt, id: last.postId }) : null,
      };
    },
  );
};
