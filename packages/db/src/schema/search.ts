import { sql } from 'drizzle-orm';
import { bigint, customType, index, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { searchDocumentKinds } from '@townhall/domain';
import { posts, topics } from './boards.ts';

const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

export const searchDocumentKindEnum = pgEnum('search_document_kind', searchDocumentKinds);

/**
 * The search index: one row per searchable thing, written in the same transaction as the thing
 * itself. It holds only text and the document's date; who may read a row is decided at query
 * time from the topic, post and board it points to, so hiding, deleting, publishing or moving
 * never leaves a stale permission here.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: searchDocumentKindEnum().notNull(),
    /** The topic id (topic, release note, beta program) or the post id (reply). */
    subjectId: bigint({ mode: 'number' }).notNull(),
    /** The topic the document belongs to; null only for kinds without one (demands, later). */
    topicId: bigint({ mode: 'number' }).references(() => topics.id),
    /** The post behind a topic or reply document, whose hidden/deleted state also applies. */
    postId: bigint({ mode: 'number' }).references(() => posts.id),
    title: text().notNull().default(''),
    /** Plain text of the body (tags dropped, entities decoded), for snippets. */
    body: text().notNull(),
    /**
     * `to_tsvector('english', …)` of the segmented title (weight A) and body (weight B); see
     * segmentSearchDocument in packages/domain.
     */
    search: tsvector().notNull(),
    /** When the document appeared (publication for notes and programs): recency and date filter. */
    publishedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('search_documents_kind_subject_unique').on(t.kind, t.subjectId),
    index('search_documents_search_idx').using('gin', t.search),
    index().on(t.topicId),
    index().on(t.postId),
    // The newest matches of a common word are read in this order (see search.repository.ts).
    index().on(t.publishedAt.desc()),
  ],
);
