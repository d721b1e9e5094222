import { and, desc, eq, inArray, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { betaPrograms, boards, newestFirst, posts, searchDocuments, topics, type Database } from '@townhall/db';
import { isStaffRole, type Role, type SearchCursor, type SearchDocumentKind, type TopicStatus } from '@townhall/domain';
import { boardsReadableBy, type Reader } from '../boards/readable.repository.ts';

/** Who is searching: their role decides the boards and states they may read, their id their betas. */
export type SearchReader = Reader;

export type SearchFilter = {
  /** The query after segmentSearchQuery. */
  segmentedQuery: string;
  reader: SearchReader;
  boardSlug?: string;
  kind?: SearchDocumentKind;
  status?: TopicStatus;
  tag?: string;
  /** Inclusive days, `YYYY-MM-DD`, in UTC. */
  from?: string;
  to?: string;
  cursor: SearchCursor | null;
  /** The moment recency is measured from; the cursor's on later pages. */
  rankedAt: Date;
  limit: number;
};

// Weights of D, C, B, A: titles (A) count more than bodies (B).
const rankWeights = sql.raw(`'{0.1, 0.2, 0.4, 1.0}'::float4[]`);
/** A document this many days old counts half as much as a new one with the same text relevance. */
const recencyHalvingDays = 90;
/** How many of a query's newest matches are ranked by default; paging ends after them. */
const defaultRankedMatchesCap = 1000;
// Snippets are cut from the start of the body; matches further in are not marked.
const snippetSourceLength = 20_000;

/** The document columns the permission checks need: of the table, or of a ranked subquery. */
type DocumentColumns = { kind: SQLWrapper; postId: SQLWrapper };

/**
 * Who reads, as a prepared query sees them: the role is part of the query's text, the id a
 * placeholder (`userId`) bound per search.
 */
type ReaderShape = { role: Role; signedIn: boolean };

const readerShape = (reader: SearchReader): ReaderShape => ({ role: reader.role, signedIn: reader.userId !== null });

/** The reader's id, bound per search: null for guests, whose queries have no placeholder for it. */
const readerValues = (reader: SearchReader) => (reader.userId === null ? {} : { userId: reader.userId });

/**
 * Whether the reader may see a document, in SQL: the board's visibility (beta feedback areas only
 * for accepted participants and staff), and, for everyone but staff, no hidden or unpublished
 * topic, post, note or program. Deleted documents are shown to nobody.
 */
function readableBy(reader: ReaderShape, document: DocumentColumns = searchDocuments): SQL {
  const notDeleted = and(isNull(topics.deletedAt), or(sql`${document.postId} is null`, isNull(posts.deletedAt)))!;
  // Demands (no topic, so the topic's columns are null here) are for staff only.
  if (isStaffRole(reader.role)) return notDeleted;
  return and(
    notDeleted,
    sql`${document.kind} <> 'demand'`,
    boardsReadableBy({ role: reader.role, userId: reader.signedIn ? sql.placeholder('userId') : null }),
    isNull(topics.hiddenAt),
    or(sql`${document.postId} is null`, isNull(posts.hiddenAt)),
    // A beta program is published by recruiting; everything else by its topic's publication time.
    sql`case when ${document.kind} = 'beta_program'
          then exists (select 1 from ${betaPrograms} where ${betaPrograms.topicId} = ${topics.id} and ${betaPrograms.status} <> 'draft')
          else ${topics.publishedAt} <= now() end`,
  )!;
}

/** True for what only staff can see: hidden, draft or scheduled. */
function hiddenFromMembers(document: DocumentColumns) {
  return sql<boolean>`(${topics.hiddenAt} is not null or ${posts.hiddenAt} is not null
    or case when ${document.kind} = 'beta_program'
         then exists (select 1 from ${betaPrograms} where ${betaPrograms.topicId} = ${topics.id} and ${betaPrograms.status} = 'draft')
         else ${topics.publishedAt} is null or ${topics.publishedAt} > now() end)`;
}

function scoreOf(query: SQL, document: { search: SQLWrapper; publishedAt: SQLWrapper }): SQL<number> {
  // Text relevance (normalized by document length), divided by 1 + age / 90 days, age counted
  // back from `rankedAt`.
  return sql<number>`(ts_rank(${rankWeights}, ${document.search}, ${query}, 1)::float8
    / (1 + greatest(0, extract(epoch from (${sql.placeholder('rankedAt')}::timestamptz - ${document.publishedAt})))::float8 / ${sql.raw(String(86400 * recencyHalvingDays))}))`;
}

const utcDay = (day: SQLWrapper) => sql`(${day}::date)::timestamp at time zone 'UTC'`;

/** Which parts a search's query has; the values of those parts are bound when it runs. */
type SearchShape = ReaderShape & Record<'board' | 'kind' | 'status' | 'tag' | 'from' | 'to' | 'cursor', boolean>;

/**
 * Keeps one query per shape, built and prepared the first time that shape is asked for: building
 * the search query with drizzle costs more server time than anything else a search does.
 * There are at most a few thousand shapes (roles × signed in × filters), each a few kilobytes.
 */
function perShape<Shape extends object, Query>(prefix: string, build: (shape: Shape, name: string) => Query) {
  const queries = new Map<string, Query>();
  return (shape: Shape): Query => {
    const key = JSON.stringify(shape);
    let query = queries.get(key);
    if (!query) {
      // The name says what the text holds: one name, one text, on every connection.
      query = build(shape, `${prefix}_${Object.entries(shape).map(([part, value]) => (value === true ? part : value === false ? '' : String(value))).filter(Boolean).join('_')}`);
      queries.set(key, query);
    }
    return query;
  };
}

export function createSearchRepository(db: Database, { rankedMatchesCap = defaultRankedMatchesCap } = {}) {
  const placeholder = sql.placeholder;
  /**
   * One page of results for a shape, best first: full-text match through the GIN index, the
   * reader's permissions and the filters in the same query, keyset on (score, id).
   */
  const searchQuery = perShape('search', (shape: SearchShape, name) => {
    const query = sql`websearch_to_tsquery('english', ${placeholder('query')})`;
    const board = eq(boards.slug, placeholder('board'));
    const tag = sql`${topics.tags} @> array[${placeholder('tag')}]::text[]`;
    const status = and(eq(topics.status, placeholder('status')), eq(boards.kind, 'qa'));
    // The matches to rank, newest first and at most `rankedMatchesCap`: ranking all 100,000
    // matches of a word found in one document in ten takes a third of a second, and the
    // score halves with age, so older matches seldom reach the first pages. Filters that
    // narrow the topics apply here, before the cap, so they never empty a page the cap filled.
    const topicScope =
      shape.board || shape.tag || shape.status
        ? inArray(
            searchDocuments.topicId,
            db
              .select({ id: topics.id })
              .from(topics)
              .innerJoin(boards, eq(boards.id, topics.boardId))
              .where(and(shape.board ? board : undefined, shape.tag ? tag : undefined, shape.status ? status : undefined)),
          )
        : undefined;
    const matches = db
      .select({
        id: searchDocuments.id,
        kind: searchDocuments.kind,
        subjectId: searchDocuments.subjectId,
        topicId: searchDocuments.topicId,
        postId: searchDocuments.postId,
        publishedAt: searchDocuments.publishedAt,
        search: searchDocuments.search,
      })
      .from(searchDocuments)
      .where(
        and(
          sql`${searchDocuments.search} @@ ${query}`,
          shape.kind ? eq(searchDocuments.kind, placeholder('kind')) : undefined,
          shape.status ? inArray(searchDocuments.kind, ['topic', 'reply']) : undefined,
          // Only staff may find demands; the others never rank them.
          isStaffRole(shape.role) ? undefined : sql`${searchDocuments.kind} <> 'demand'`,
          shape.from ? sql`${searchDocuments.publishedAt} >= ${utcDay(placeholder('from'))}` : undefined,
          shape.to ? sql`${searchDocuments.publishedAt} < ${utcDay(placeholder('to'))} + interval '1 day'` : undefined,
          topicScope,
        ),
      )
      .orderBy(newestFirst(searchDocuments.publishedAt))
      .limit(placeholder('cap'))
      .as('matches');
    const score = scoreOf(query, matches);
    // The matches ranked, narrow (no tsvector, no text) and sorted; a subquery with ORDER BY is
    // not merged into the outer query, whose joins keep this order and stop at the limit.
    const ranked = db
      .select({
        id: matches.id,
        kind: matches.kind,
        subjectId: matches.subjectId,
        topicId: matches.topicId,
        postId: matches.postId,
        publishedAt: matches.publishedAt,
        score: sql<number>`${score}`.as('score'),
      })
      .from(matches)
      .where(shape.cursor ? sql`(${score}, ${matches.id}) < (${placeholder('cursorScore')}::float8, ${placeholder('cursorId')})` : undefined)
      .orderBy(sql`score desc`, desc(matches.id))
      .as('ranked');
    return (
      db
        .select({
          id: ranked.id,
          kind: ranked.kind,
          subjectId: ranked.subjectId,
          topicId: topics.id,
          postId: ranked.postId,
          title: topics.title,
          publishedAt: ranked.publishedAt,
          status: topics.status,
          tags: topics.tags,
          boardSlug: boards.slug,
          boardName: boards.name,
          boardKind: boards.kind,
          hiddenFromMembers: hiddenFromMembers(ranked),
          score: sql<number>`${ranked.score}`.mapWith(Number),
        })
        .from(ranked)
        // Left joins: a demand has no topic or board (readableBy keeps it from non-staff).
        .leftJoin(topics, eq(topics.id, ranked.topicId))
        .leftJoin(boards, eq(boards.id, topics.boardId))
        .leftJoin(posts, eq(posts.id, ranked.postId))
        .where(
          and(
            readableBy(shape, ranked),
            shape.board ? board : undefined,
            shape.status ? and(status, inArray(ranked.kind, ['topic', 'reply'])) : undefined,
            shape.tag ? tag : undefined,
          ),
        )
        .orderBy(desc(ranked.score), desc(ranked.id))
        .limit(placeholder('limit'))
        .prepare(name)
    );
  });
  // The text for snippets only for the page: carried through the sort of every match, wide
  // bodies would spill the sort to disk.
  const snippetSources = db
    .select({ id: searchDocuments.id, title: searchDocuments.title, body: sql<string>`left(${searchDocuments.body}, ${snippetSourceLength})` })
    .from(searchDocuments)
    .where(sql`${searchDocuments.id} = any(${placeholder('ids')}::bigint[])`)
    .prepare('search_snippet_sources');
  const inspection = db
    .select({
      lexemes: sql<string[]>`tsvector_to_array(to_tsvector('english', ${placeholder('query')}))`,
      tree: sql<string>`querytree(websearch_to_tsquery('english', ${placeholder('query')}))`,
    })
    .from(sql`(select 1) as one`)
    .prepare('search_inspect_query');
  const similarQuery = perShape('similar', (shape: ReaderShape & { board: boolean }, name) => {
    // plainto_tsquery joins the words with &; similar titles need any of them.
    const query = sql`replace(plainto_tsquery('english', ${placeholder('title')})::text, ' & ', ' | ')::tsquery`;
    return db
      .select({
        id: topics.id,
        title: topics.title,
        status: topics.status,
        replyCount: topics.replyCount,
        hiddenReplyCount: topics.hiddenReplyCount,
        boardSlug: boards.slug,
        boardName: boards.name,
      })
      .from(searchDocuments)
      .innerJoin(topics, eq(topics.id, searchDocuments.topicId))
      .innerJoin(boards, eq(boards.id, topics.boardId))
      .leftJoin(posts, eq(posts.id, searchDocuments.postId))
      .where(
        and(
          sql`${searchDocuments.search} @@ ${query}`,
          eq(searchDocuments.kind, 'topic'),
          eq(boards.kind, 'qa'),
          readableBy(shape),
          shape.board ? eq(boards.slug, placeholder('board')) : undefined,
        ),
      )
      .orderBy(desc(sql`ts_rank(${rankWeights}, ${searchDocuments.search}, ${query}, 1)`), desc(searchDocuments.id))
      .limit(placeholder('limit'))
      .prepare(name);
  });

  return {
    /** One page of results, best first (see `searchQuery`), with the text to cut snippets from. */
    async search(filter: SearchFilter) {
      const shape: SearchShape = {
        ...readerShape(filter.reader),
        board: filter.boardSlug !== undefined,
        kind: filter.kind !== undefined,
        status: filter.status !== undefined,
        tag: filter.tag !== undefined,
        from: filter.from !== undefined,
        to: filter.to !== undefined,
        cursor: filter.cursor !== null,
      };
      const rows = await searchQuery(shape).execute({
        query: filter.segmentedQuery,
        rankedAt: filter.rankedAt.toISOString(),
        cap: rankedMatchesCap,
        limit: filter.limit + 1,
        ...readerValues(filter.reader),
        board: filter.boardSlug,
        kind: filter.kind,
        status: filter.status,
        tag: filter.tag,
        from: filter.from,
        to: filter.to,
        cursorScore: filter.cursor?.score,
        cursorId: filter.cursor?.id,
      });
      const page = rows.slice(0, filter.limit);
      const bodies = page.length === 0 ? [] : await snippetSources.execute({ ids: page.map((row) => row.id) });
      const textById = new Map(bodies.map((row) => [row.id, row]));
      return {
        rows: page.map((row) => ({ ...row, title: row.title ?? textById.get(row.id)?.title ?? '', body: textById.get(row.id)?.body ?? '' })),
        hasMore: rows.length > filter.limit,
      };
    },

    /**
     * What PostgreSQL makes of a query: its lexemes (stems like `export`), for highlighting, and
     * whether the index can answer it. Only stop words, or only negated words (`-beta`), cannot
     * use the index and would read every row, so such a query finds nothing instead.
     */
    async inspectQuery(segmentedQuery: string): Promise<{ lexemes: string[]; indexable: boolean }> {
      const [row] = await inspection.execute({ query: segmentedQuery });
      return { lexemes: row?.lexemes ?? [], indexable: row !== undefined && row.tree !== '' && row.tree !== 'T' };
    },

    /**
     * Up to `limit` readable questions whose title or opening post shares words with `segmentedTitle`,
     * most shared first: any word may match (OR), unlike search where all must.
     */
    similarQuestions({ segmentedTitle, reader, boardSlug, limit }: { segmentedTitle: string; reader: SearchReader; boardSlug?: string; limit: number }) {
      return similarQuery({ ...readerShape(reader), board: boardSlug !== undefined }).execute({
        title: segmentedTitle,
        ...readerValues(reader),
        board: boardSlug,
        limit,
      });
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
