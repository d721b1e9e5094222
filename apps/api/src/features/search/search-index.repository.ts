import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { betaPrograms, demands, posts, releaseNotes, searchDocuments, topics, type Database, type Transaction } from '@townhall/db';
import { plainTextFromHtml, segmentSearchDocument, type SearchDocumentKind } from '@townhall/domain';

/** A write path's transaction, or the database itself for the backfill. */
export type SearchIndexWriter = Database | Transaction;

type SearchDocumentSource = {
  kind: SearchDocumentKind;
  subjectId: number;
  /** Null for a demand. */
  topicId: number | null;
  postId: number | null;
  title: string;
  htmlParts: string[];
  publishedAt: Date;
};

const backfillBatchSize = 500;

function joinPlainText(htmlParts: string[]): string {
  return htmlParts.map(plainTextFromHtml).filter((part) => part.length > 0).join(' ');
}

/** The weighted vector of a document: the title ranks above the body. Text is segmented in TypeScript. */
function searchVector(title: string, body: string): SQL {
  return sql`setweight(to_tsvector('english', ${segmentSearchDocument(title)}), 'A') || setweight(to_tsvector('english', ${segmentSearchDocument(body)}), 'B')`;
}

/** One INSERT … ON CONFLICT for every document given; the text is segmented here, in TypeScript. */
async function upsertDocuments(writer: SearchIndexWriter, sources: SearchDocumentSource[]): Promise<void> {
  if (sources.length === 0) return;
  const rows = sources.map((source) => {
    const body = joinPlainText(source.htmlParts);
    return {
      kind: source.kind,
      subjectId: source.subjectId,
      topicId: source.topicId,
      postId: source.postId,
      title: source.title,
      body,
      search: searchVector(source.title, body),
      publishedAt: source.publishedAt,
    };
  });
  await writer
    .insert(searchDocuments)
    .values(rows)
    .onConflictDoUpdate({
      target: [searchDocuments.kind, searchDocuments.subjectId],
      set: {
        topicId: sql`excluded.topic_id`,
        postId: sql`excluded.post_id`,
        title: sql`excluded.title`,
        body: sql`excluded.body`,
        search: sql`excluded.search`,
        publishedAt: sql`excluded.published_at`,
        updatedAt: sql`now()`,
      },
    });
}

/** What a topic's document is made of: a release note, a beta program, or the opening post. */
async function topicSources(writer: SearchIndexWriter, topicIds: number[]): Promise<SearchDocumentSource[]> {
  if (topicIds.length === 0) return [];
  const rows = await writer
    .select({
      id: topics.id,
      title: topics.title,
      createdAt: topics.createdAt,
      publishedAt: topics.publishedAt,
      noteIntroduction: releaseNotes.introductionHtml,
      noteScenarios: releaseNotes.scenariosHtml,
      notePrecautions: releaseNotes.precautionsHtml,
      programIntroduction: betaPrograms.introductionHtml,
      programPrecautions: betaPrograms.precautionsHtml,
      openingPostId: posts.id,
      openingPostHtml: posts.bodyHtml,
    })
    .from(topics)
    .leftJoin(releaseNotes, eq(releaseNotes.topicId, topics.id))
    .leftJoin(betaPrograms, eq(betaPrograms.topicId, topics.id))
    .leftJoin(posts, and(eq(posts.topicId, topics.id), eq(posts.postNumber, 1)))
    .where(inArray(topics.id, topicIds));
  return rows.flatMap((row): SearchDocumentSource[] => {
    const base = { subjectId: row.id, topicId: row.id, title: row.title, publishedAt: row.publishedAt ?? row.createdAt };
    if (row.noteIntroduction !== null) {
      return [{ ...base, kind: 'release_note', postId: null, htmlParts: [row.noteIntroduction, row.noteScenarios!, row.notePrecautions!] }];
    }
    if (row.programIntroduction !== null) {
      return [{ ...base, kind: 'beta_program', postId: null, htmlParts: [row.programIntroduction, row.programPrecautions!] }];
    }
    if (row.openingPostId !== null) {
      return [{ ...base, kind: 'topic', postId: row.openingPostId, publishedAt: row.createdAt, htmlParts: [row.openingPostHtml!] }];
    }
    return [];
  });
}

/** Replies (post 2 onwards) as documents; an opening post stands for its topic instead. */
async function postSources(writer: SearchIndexWriter, postIds: number[]): Promise<{ replies: SearchDocumentSource[]; openingTopicIds: number[] }> {
  if (postIds.length === 0) return { replies: [], openingTopicIds: [] };
  const rows = await writer
    .select({ id: posts.id, topicId: posts.topicId, postNumber: posts.postNumber, html: posts.bodyHtml, createdAt: posts.createdAt })
    .from(posts)
    .where(inArray(posts.id, postIds));
  return {
    replies: rows
      .filter((row) => row.postNumber > 1)
      .map((row) => ({ kind: 'reply', subjectId: row.id, topicId: row.topicId, postId: row.id, title: '', htmlParts: [row.html], publishedAt: row.createdAt })),
    openingTopicIds: rows.filter((row) => row.postNumber === 1).map((row) => row.topicId),
  };
}

/**
 * Brings the documents of these topics up to date (title, opening post, note or program
 * sections, publication time). Call it inside the write's transaction.
 */
export async function indexTopics(writer: SearchIndexWriter, topicIds: number[]): Promise<void> {
  await upsertDocuments(writer, await topicSources(writer, topicIds));
}

/**
 * The search document of a reply being written (from what the write path holds, no read back), as a statement to run inside the reply's own
 * INSERT: `post` names the CTE that returns the new post's `id`, `topic_id` and `created_at`.
 */
export function newReplyDocument(post: SQL, html: string): SQL {
  const { body, searchText } = replyDocumentText(html);
  return newReplyDocuments(
    sql`(select ${post}.id, ${post}.topic_id, ${post}.created_at, ${body}::text as document_body, ${searchText}::text as document_search_text from ${post})`,
  );
}

/** What a reply's search document holds, worked out in TypeScript before the write. */
export function replyDocumentText(html: string): { body: string; searchText: string } {
  const body = joinPlainText([html]);
  return { body, searchText: segmentSearchDocument(body) };
}

/**
 * The search documents of replies written together, as a statement inside their INSERT: `rows`
 * is a subquery of the new posts' `id`, `topic_id` and `created_at` with their `document_body`
 * and `document_search_text` (replyDocumentText).
 */
export function newReplyDocuments(rows: SQL): SQL {
  return sql`insert into search_documents (kind, subject_id, topic_id, post_id, title, body, search, published_at)
    select 'reply', reply.id, reply.topic_id, reply.id, '', reply.document_body,
      setweight(to_tsvector('english', ''), 'A') || setweight(to_tsvector('english', reply.document_search_text), 'B'), reply.created_at
    from ${rows} as reply
    on conflict (kind, subject_id) do nothing`;
}

/** Brings the documents of these posts up to date; an opening post re-indexes its topic. */
export async function indexPosts(writer: SearchIndexWriter, postIds: number[]): Promise<void> {
  const { replies, openingTopicIds } = await postSources(writer, postIds);
  await upsertDocuments(writer, [...replies, ...(await topicSources(writer, openingTopicIds))]);
}

/** Brings the documents of these demands up to date (title and description); staff-only kind. */
export async function indexDemands(writer: SearchIndexWriter, demandIds: number[]): Promise<void> {
  if (demandIds.length === 0) return;
  const rows = await writer
    .select({ id: demands.id, title: demands.title, description: demands.description, createdAt: demands.createdAt })
    .from(demands)
    .where(inArray(demands.id, demandIds));
  await upsertDocuments(
    writer,
    rows.map((row) => ({
      kind: 'demand' as const,
      subjectId: row.id,
      topicId: null,
      postId: null,
      title: row.title,
      // Plain text, escaped so that the HTML-to-text step keeps it as written.
      htmlParts: [escapeHtml(row.description)],
      publishedAt: row.createdAt,
    })),
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Indexes every topic and reply that has no document yet, in id order and batches of 500: the
 * backfill after the search index arrives, and a catch-up that is safe to run at every start
 * and on several instances at once (the upsert settles races).
 */
export async function indexMissingSearchDocuments(db: Database): Promise<{ indexed: number }> {
  let indexed = 0;
  for (let after = 0; ; ) {
    const batch = await db
      .select({ id: topics.id })
      .from(topics)
      .where(
        and(
          gt(topics.id, after),
          sql`not exists (select 1 from ${searchDocuments} d where d.kind in ('topic', 'release_note', 'beta_program') and d.subject_id = ${topics.id})`,
        ),
      )
      .orderBy(asc(topics.id))
      .limit(backfillBatchSize);
    if (batch.length === 0) break;
    const sources = await topicSources(db, batch.map((row) => row.id));
    await upsertDocuments(db, sources);
    indexed += sources.length;
    after = batch.at(-1)!.id;
  }
  for (let after = 0; ; ) {
    const batch = await db
      .select({ id: posts.id })
      .from(posts)
      .where(
        and(
          gt(posts.id, after),
          gt(posts.postNumber, 1),
          sql`not exists (select 1 from ${searchDocuments} d where d.kind = 'reply' and d.subject_id = ${posts.id})`,
        ),
      )
      .orderBy(asc(posts.id))
      .limit(backfillBatchSize);
    if (batch.length === 0) break;
    const { replies } = await postSources(db, batch.map((row) => row.id));
    await upsertDocuments(db, replies);
    indexed += replies.length;
    after = batch.at(-1)!.id;
  }
  return { indexed };
}
