import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorBody, SearchQuery, SearchResultList, SimilarQuestionList, SimilarQuestionsQuery } from '@townhall/contracts';
import {
  decodeSearchCursor,
  encodeSearchCursor,
  highlightSearchText,
  normalizeTags,
  searchHighlightTerms,
  isStaffRole,
  segmentSearchQuery,
  shownReplyCount,
} from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { createSearchRepository, type SearchReader } from './search.repository.ts';

export type SearchRoutesOptions = { searchesPerMinute: number };

const snippetLength = 240;
const similarQuestionsLimit = 5;

/** One search over notes, programs, questions and answers; similar questions while asking. */
export const searchRoutes: FastifyPluginAsyncTypebox<SearchRoutesOptions> = async (app, options) => {
  const search = createSearchRepository(app.db);
  const readerOf = (request: FastifyRequest): SearchReader => ({ role: request.viewer.role, userId: request.viewer.user?.id ?? null });
  // Per person when signed in, else per client address (the pages pass the browser's address on).
  const rateLimit = (max: number, name: string) => ({
    max,
    timeWindow: '1 minute',
    keyGenerator: (request: FastifyRequest) => `${name}:${request.viewer.user?.id ?? request.ip}`,
  });

  app.get(
    '/search',
    {
      config: { access: { action: 'board.read' }, rateLimit: rateLimit(options.searchesPerMinute, 'search') },
      schema: {
        tags: ['search'],
        summary: 'Full-text search over release notes, beta programs, questions, answers and (staff) demands the reader may read (keyset pagination)',
        querystring: SearchQuery,
        response: { 200: SearchResultList, 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const { query } = request;
      const cursor = query.cursor ? decodeSearchCursor(query.cursor) : null;
      if (query.cursor && !cursor) throw new AppError('INVALID_CURSOR', 'cursor is not one this API gave out', 'cursor');
      if (query.from && query.to && query.from > query.to) throw new AppError('VALIDATION_FAILED', 'from must not be after to', 'from');
      let tag: string | undefined;
      if (query.tag !== undefined) {
        const normalized = normalizeTags([query.tag]);
        if (!normalized.ok) throw new AppError('VALIDATION_FAILED', `tag: ${normalized.reason}`, 'tag');
        tag = normalized.tags[0];
      }
      const segmentedQuery = segmentSearchQuery(query.q);
      // Only punctuation, only words too common to index (the, and …) or only words to exclude:
      // nothing to look for.
      const { lexemes, indexable } = segmentedQuery === '' ? { lexemes: [], indexable: false } : await search.inspectQuery(segmentedQuery);
      if (!indexable) return { items: [], nextCursor: null };
      const rankedAt = cursor?.rankedAt ?? new Date();
      const { rows, hasMore } = await search.search({
        segmentedQuery,
        reader: readerOf(request),
        boardSlug: query.board,
        kind: query.kind,
        status: query.status,
        tag,
        from: query.from,
        to: query.to,
        cursor,
        rankedAt,
        limit: query.limit,
      });
      const terms = [...new Set([...searchHighlightTerms(query.q), ...lexemes])];
      const last = rows.at(-1);
      return {
        items: rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          topicId: row.topicId,
          demandId: row.kind === 'demand' ? row.subjectId : null,
          postId: row.postId,
          board: row.boardSlug !== null && row.boardName !== null && row.boardKind !== null ? { slug: row.boardSlug, name: row.boardName, kind: row.boardKind } : null,
          titleHtml: highlightSearchText({ text: row.title, terms }),
          snippetHtml: highlightSearchText({ text: row.body, terms, maxLength: snippetLength }),
          status: row.status,
          tags: row.tags ?? [],
          publishedAt: row.publishedAt.toISOString(),
          hiddenFromMembers: row.hiddenFromMembers,
        })),
        nextCursor: hasMore && last ? encodeSearchCursor({ score: last.score, id: last.id, rankedAt }) : null,
      };
    },
  );

  app.get(
    '/search/similar-questions',
    {
      config: { access: { action: 'board.read' }, rateLimit: rateLimit(options.searchesPerMinute * 2, 'similar') },
      schema: {
        tags: ['search'],
        summary: 'Up to five readable questions similar to a title being typed',
        querystring: SimilarQuestionsQuery,
        response: { 200: SimilarQuestionList, 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      // A title is words, not search syntax: no phrases, no exclusions.
      const segmentedTitle = segmentSearchQuery(request.query.title.replace(/["-]/g, ' '));
      if (segmentedTitle === '' || !(await search.inspectQuery(segmentedTitle)).indexable) return { items: [] };
      const rows = await search.similarQuestions({
        segmentedTitle,
        reader: readerOf(request),
        boardSlug: request.query.board,
        limit: similarQuestionsLimit,
      });
      return {
        items: rows.map((row) => ({
          id: row.id,
          title: row.title,
          status: row.status,
          replyCount: shownReplyCount(row, isStaffRole(request.viewer.role)),
          board: { slug: row.boardSlug, name: row.boardName },
        })),
      };
    },
  );
};
