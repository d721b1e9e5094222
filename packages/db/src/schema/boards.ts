import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { boardKindEnum, boardVisibilityEnum, topicStatusEnum } from './enums.ts';
import { users } from './users.ts';

export const boards = pgTable('boards', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  description: text().notNull().default(''),
  kind: boardKindEnum().notNull(),
  visibility: boardVisibilityEnum().notNull().default('public'),
  position: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const topics = pgTable(
  'topics',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    boardId: bigint({ mode: 'number' })
      .notNull()
      .references(() => boards.id),
    authorId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    title: text().notNull(),
    status: topicStatusEnum().notNull().default('open'),
    closedReason: text(),
    /** Replies after the opening post; kept in step by the write path, in the same transaction. */
    replyCount: integer().notNull().default(0),
    /**
     * Of those, the hidden or deleted ones, which only staff are shown: others are told
     * `reply_count - hidden_reply_count`. Counted again by each hide, delete and restore of a reply.
     */
    hiddenReplyCount: integer().notNull().default(0),
    /** Whether a staff reply (official answer) is shown to everyone: set by a staff reply, counted again by moderation. */
    hasOfficialAnswer: boolean().notNull().default(false),
    /** "Me too" votes, kept exact by the vote write path (see topic_votes). */
    voteCount: integer().notNull().default(0),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    lastPostedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    acceptedPostId: bigint({ mode: 'number' }),
    /** When staff first replied; the first-response SLA clock stops here. */
    firstStaffReplyAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * When the topic became visible to non-staff: now for questions; null for a release-note
     * draft; a future time for a scheduled one.
     */
    publishedAt: timestamp({ withTimezone: true, precision: 3 }).defaultNow(),
    pinnedAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * A retried create with the same key returns this topic (topics without an opening post,
     * like release notes; questions carry the key on their opening post).
     */
    idempotencyKey: text(),
    lockedAt: timestamp({ withTimezone: true, precision: 3 }),
    hiddenAt: timestamp({ withTimezone: true, precision: 3 }),
    deletedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // The board list: newest first, keyset on (created_at, id), visible topics only.
    index('topics_board_newest_idx')
      .on(t.boardId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null and ${t.hiddenAt} is null`),
    // "Most voted": keyset on (vote_count, created_at, id).
    index('topics_board_votes_idx')
      .on(t.boardId, t.voteCount.desc(), t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null and ${t.hiddenAt} is null`),
    // "Unanswered": no reply anyone is shown (a hidden spam reply answers nothing).
    index('topics_board_unanswered_idx')
      .on(t.boardId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null and ${t.hiddenAt} is null and ${t.replyCount} = ${t.hiddenReplyCount}`),
    // Pinned topics head a board's first page: found without reading the board.
    index('topics_board_pinned_idx')
      .on(t.boardId, t.pinnedAt.desc())
      .where(sql`${t.pinnedAt} is not null and ${t.deletedAt} is null`),
    index().on(t.authorId),
    uniqueIndex('topics_author_idempotency_unique')
      .on(t.authorId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('topics_tags_idx').using('gin', t.tags),
    check('topics_title_length', sql`char_length(${t.title}) between 1 and 200`),
  ],
);

export const posts = pgTable(
  'posts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    topicId: bigint({ mode: 'number' })
      .notNull()
      .references(() => topics.id),
    authorId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    /** 1 is the opening post; replies count up from 2. */
    postNumber: integer().notNull(),
    bodyMarkdown: text().notNull(),
    bodyHtml: text().notNull(),
    /** Which renderer produced bodyHtml, so posts can be re-rendered when it changes. */
    rendererVersion: integer().notNull(),
    /** Written by staff (ops, pm, admin) at the time of posting. */
    isOfficial: boolean().notNull().default(false),
    /** The latest revision number in post_revisions; bumped under the post's row lock on edit. */
    currentRevision: integer().notNull().default(1),
    /** A retried submit with the same key returns the first post instead of a second one. */
    idempotencyKey: text(),
    editedAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Hidden by staff: only staff and the post's author still see it, with `hiddenReason`. */
    hiddenAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Why staff hid it (their reason, or the flag's they upheld), told to its author. */
    hiddenReason: text(),
    deletedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('posts_topic_number_unique').on(t.topicId, t.postNumber),
    uniqueIndex('posts_author_idempotency_unique')
      .on(t.authorId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    // A person's activity, newest first, keyset on (created_at, id); also serves lookups by author.
    index('posts_author_newest_idx').on(t.authorId, t.createdAt.desc(), t.id.desc()),
  ],
);

/** Every version of a post's body (and of the topic title, on the opening post). */
export const postRevisions = pgTable(
  'post_revisions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    postId: bigint({ mode: 'number' })
      .notNull()
      .references(() => posts.id),
    revision: integer().notNull(),
    title: text(),
    /** The topic's tags at this revision; only on opening posts, null on revisions made before tags were kept. */
    tags: text().array(),
    bodyMarkdown: text().notNull(),
    editorId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('post_revisions_post_revision_unique').on(t.postId, t.revision)],
);
