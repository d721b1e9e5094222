import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditLog, boards, organizations, postRevisions, posts, topicSla, topicVotes, topicWatches, topics, users, type Database, type Transaction, newestFirst, rowsOf } from '@townhall/db';
import {
  replyMovesSlaClock,
  topicStatusAfterReply,
  topicStatuses,
  topicStatusWithoutAcceptedAnswer,
  type OrganizationTier,
  type TopicCursor,
  type TopicSort,
  type TopicStatus,
} from '@townhall/domain';
import { AppError } from '../../errors.ts';
import { publishedTopic } from '../boards/readable.repository.ts';
import { isUniqueViolation } from '../../unique-violation.ts';
import { authorColumns } from './post-shape.ts';
import { applySlaEvent } from '../sla/sla-clock.repository.ts';
import { indexTopics } from '../search/search-index.repository.ts';
import { createCoalescingBatcher } from '../../plugins/coalescing-batcher.ts';
import { checkedReply, plainRepliesStatement, replyStatement, type NewReplyRow } from './reply-statements.ts';

const postColumns = {
  id: posts.id,
  topicId: posts.topicId,
  postNumber: posts.postNumber,
  bodyHtml: posts.bodyHtml,
  isOfficial: posts.isOfficial,
  createdAt: posts.createdAt,
  editedAt: posts.editedAt,
  currentRevision: posts.currentRevision,
  hiddenAt: posts.hiddenAt,
  hiddenReason: posts.hiddenReason,
  deletedAt: posts.deletedAt,
  ...authorColumns,
};

/** A post with its author, as the topic page reads it (`postColumns`). */
export type PostRow = {
  id: number;
  topicId: number;
  postNumber: number;
  bodyHtml: string;
  isOfficial: boolean;
  createdAt: Date;
  editedAt: Date | null;
  currentRevision: number;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  deletedAt: Date | null;
} & AuthorRow;

/** A post just written, in the shape the topic page reads posts: no edit, hide or delete yet. */
function toNewPostRow(row: NewReplyRow, bodyHtml: string): PostRow {
  return {
    id: Number(row.id),
    topicId: Number(row.topic_id),
    postNumber: row.post_number,
    bodyHtml,
    isOfficial: row.is_official,
    // Text or a Date, depending on the driver.
    createdAt: new Date(row.created_at),
    editedAt: null,
    currentRevision: 1,
    hiddenAt: null,
    hiddenReason: null,
    deletedAt: null,
    authorId: Number(row.author_id),
    authorName: row.display_name,
    authorRole: row.role,
    organizationName: row.organization_name,
    organizationTier: row.tier,
    organizationStage: row.lifecycle_stage,
  };
}

/**
 * Which topics a reader sees. Everyone else sees published, not hidden, not deleted topics; staff
 * also see drafts, scheduled and hidden topics (to moderate them), and open deleted ones by id to
 * restore them.
 */
export type TopicAudience = { staff: boolean };

function topicsInLists(audience: TopicAudience) {
  return audience.staff ? isNull(topics.deletedAt) : publishedTopic;
}

function topicOpenableBy(audience: TopicAudience) {
  return audience.staff ? undefined : publishedTopic;
}

/**
 * Which posts a topic page shows: staff see them all; others those not deleted, and not hidden
 * unless they wrote it (`viewerId` placeholder; a guest's null matches no author), so its author
 * learns that and why it was hidden instead of seeing it vanish.
 */
function postsVisibleTo(audience: TopicAudience) {
  return audience.staff ? undefined : and(isNull(posts.deletedAt), sql`(${posts.hiddenAt} is null or ${posts.authorId} = ${sql.placeholder('viewerId')})`);
}

/**
 * Which replies a topic page reads, by post number: the first page, the page after or before a
 * post number, or the page around a post (by id; ignored unless the reader may see it in this
 * topic, which then reads as the first page).
 */
export type PostWindowRequest =
  | { from: 'start' }
  | { from: 'after'; postNumber: number }
  | { from: 'before'; postNumber: number }
  | { from: 'near'; postId: number };

/** A window of replies with the posts every page shows, and where the window sits. */
export type PostWindow = {
  opening: PostRow | null;
  accepted: PostRow | null;
  /** The window's replies in order (the accepted answer too, when it falls inside). */
  replies: PostRow[];
  total: number;
  earlierCount: number;
  laterCount: number;
};

/** The part of a page a row of the window query belongs to. */
type WindowPart = 'opening' | 'accepted' | 'earlier' | 'later';

export type RenderedBody = { markdown: string; html: string; rendererVersion: number };

export type NewTopic = {
  boardId: number;
  authorId: number;
  authorIsStaff: boolean;
  title: string;
  tags?: string[];
  body: RenderedBody;
  idempotencyKey: string | null;
  /** A customer's question on Q&A: start the first-response clock in the same transaction. */
  startsSlaClock: boolean;
  /** The app clock's now, when the SLA clock starts. */
  now: Date;
};

export type NewReply = {
  topicId: number;
  authorId: number;
  authorIsStaff: boolean;
  /** The author asked the question (the SLA clock resumes or restarts). */
  authorIsAsker: boolean;
  body: RenderedBody;
  idempotencyKey: string | null;
  /** The app clock's now, for the SLA clock. */
  now: Date;
};

const maxPinned = 5;

const topicSummaryColumns = {
  id: topics.id,
  title: topics.title,
  status: topics.status,
  replyCount: topics.replyCount,
  hiddenReplyCount: topics.hiddenReplyCount,
  voteCount: topics.voteCount,
  tags: topics.tags,
  hasOfficialAnswer: topics.hasOfficialAnswer,
  acceptedPostId: topics.acceptedPostId,
  pinnedAt: topics.pinnedAt,
  createdAt: topics.createdAt,
  lastPostedAt: topics.lastPostedAt,
  slaState: topicSla.state,
  slaDueAt: topicSla.dueAt,
  slaPausedAt: topicSla.pausedAt,
  slaUrgentAt: topicSla.urgentAt,
  ...authorColumns,
};

export type TopicListRequest = {
  boardId: number;
  cursor: TopicCursor | null;
  limit: number;
  audience: TopicAudience;
  sort: TopicSort;
  filter: 'all' | 'unanswered' | 'unsolved';
  tag: string | null;
  tier: OrganizationTier | null;
};

/** Topics as lists show them: with the asker, their organization and the question's SLA clock. */
function selectTopicSummaries(db: Database) {
  return db
    .select(topicSummaryColumns)
    .from(topics)
    .innerJoin(users, eq(users.id, topics.authorId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(topicSla, eq(topicSla.topicId, topics.id));
}

/**
 * `batchReplies`: write the replies of anyone but staff and the asker that arrive together in one
 * statement (on a PostgreSQL server, where that saves round trips and commits); otherwise each in
 * its own statement.
 */
export function createTopicsRepository(db: Database, { batchReplies = false } = {}) {
  // Every topic route resolves its topic first: built once, not per request (drizzle spends
  // more time building a query than PostgreSQL spends running this one).
  // Concurrent requests' topics are read together (topic-resource.ts).
  const resourceQuery = (audience: TopicAudience, name: string) =>
    db
      .select({ topicId: topics.id, board: boards, ownerId: topics.authorId })
      .from(topics)
      .innerJoin(boards, eq(boards.id, topics.boardId))
      .where(and(sql`${topics.id} = any(${sql.placeholder('topicIds')}::bigint[])`, topicOpenableBy(audience)))
      .prepare(name);
  const topicResources = resourceQuery({ staff: false }, 'topic_resources');
  const topicResourcesForStaff = resourceQuery({ staff: true }, 'topic_resources_staff');
  // A board's first page in the default view (newest first, pinned topics ahead), per audience.
  const firstPageQueries = (audience: TopicAudience, name: string) => {
    const summaries = () => selectTopicSummaries(db);
    const onBoard = and(eq(topics.boardId, sql.placeholder('boardId')), topicsInLists(audience));
    return {
      pinned: summaries().where(and(onBoard, isNotNull(topics.pinnedAt))).orderBy(newestFirst(topics.pinnedAt)).limit(maxPinned).prepare(`${name}_pinned`),
      rows: summaries()
        .where(and(onBoard, isNull(topics.pinnedAt)))
        .orderBy(newestFirst(topics.createdAt), newestFirst(topics.id))
        .limit(sql.placeholder('limit'))
        .prepare(name),
    };
  };
  const firstPageForMembers = firstPageQueries({ staff: false }, 'topics_first_page');
  const firstPageForStaff = firstPageQueries({ staff: true }, 'topics_first_page_staff');
  // A topic page's own reads, once per audience.
  const topicQuery = (audience: TopicAudience, name: string) =>
    db
      .select({
        // A guest's null viewer id matches no vote.
        viewerVoted: sql<boolean>`exists (select 1 from ${topicVotes} where ${topicVotes.topicId} = ${topics.id} and ${topicVotes.userId} = ${sql.placeholder('viewerId')})`,
        id: topics.id,
        title: topics.title,
        status: topics.status,
        replyCount: topics.replyCount,
        hiddenReplyCount: topics.hiddenReplyCount,
        voteCount: topics.voteCount,
        tags: topics.tags,
        closedReason: topics.closedReason,
        acceptedPostId: topics.acceptedPostId,
        createdAt: topics.createdAt,
        lockedAt: topics.lockedAt,
        pinnedAt: topics.pinnedAt,
        hiddenAt: topics.hiddenAt,
        deletedAt: topics.deletedAt,
      })
      .from(topics)
      .where(and(eq(topics.id, sql.placeholder('topicId')), topicOpenableBy(audience)))
      .prepare(name);
  const topicForMembers = topicQuery({ staff: false }, 'topics_topic');
  const topicForStaff = topicQuery({ staff: true }, 'topics_topic_staff');
  // A page of a topic: one statement of four index-shaped parts on (topic_id, post_number) or the
  // primary key, and one count beside it. `from` is the first post number of the replies read
  // forwards; `near`, when the reader may see that post in this topic, takes its place.
  const windowQueries = (audience: TopicAudience, name: string) => {
    const target = alias(posts, 'near_post');
    const targetVisible = audience.staff
      ? sql``
      : sql` and (${target.hiddenAt} is null or ${target.authorId} = ${sql.placeholder('viewerId')}) and ${target.deletedAt} is null`;
    const bound = sql`coalesce((select ${target.postNumber} from ${posts} ${target} where ${target.id} = ${sql.placeholder('near')} and ${target.topicId} = ${sql.placeholder('topicId')} and ${target.postNumber} > 1${targetVisible}), ${sql.placeholder('from')})`;
    const ofTopic = (...conditions: (ReturnType<typeof sql> | ReturnType<typeof eq> | undefined)[]) =>
      and(eq(posts.topicId, sql.placeholder('topicId')), postsVisibleTo(audience), ...conditions);
    const part = (which: WindowPart) =>
      db
        .select({ ...postColumns, part: sql<WindowPart>`${sql.raw(`'${which}'::text`)}`.as('part') })
        .from(posts)
        .innerJoin(users, eq(users.id, posts.authorId))
        .leftJoin(organizations, eq(organizations.id, users.organizationId));
    const opening = part('opening').where(ofTopic(eq(posts.postNumber, 1)));
    const accepted = part('accepted').where(
      ofTopic(sql`${posts.postNumber} > 1`, sql`${posts.id} = (select ${topics.acceptedPostId} from ${topics} where ${topics.id} = ${sql.placeholder('topicId')})`),
    );
    const earlier = part('earlier')
      .where(ofTopic(sql`${posts.postNumber} > 1`, sql`${posts.postNumber} < ${bound}`))
      .orderBy(desc(posts.postNumber))
      .limit(sql.placeholder('earlierLimit'));
    const later = part('later')
      .where(ofTopic(sql`${posts.postNumber} >= ${bound}`))
      .orderBy(asc(posts.postNumber))
      .limit(sql.placeholder('laterLimit'));
    return {
      rows: opening.unionAll(accepted).unionAll(earlier).unionAll(later).prepare(name),
      counts: db
        .select({
          total: sql<number>`count(*)::int`,
          preceding: sql<number>`(count(*) filter (where ${posts.postNumber} < ${bound}))::int`,
        })
        .from(posts)
        .where(ofTopic(sql`${posts.postNumber} > 1`))
        .prepare(`${name}_counts`),
    };
  };
  const windowForMembers = windowQueries({ staff: false }, 'topics_post_window');
  const windowForStaff = windowQueries({ staff: true }, 'topics_post_window_staff');
  // Read back after every reply and edit.
  const postById = db
    .select(postColumns)
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(posts.id, sql.placeholder('postId')))
    .prepare('topics_post_by_id');

  async function findPostIdByIdempotencyKey(authorId: number, key: string) {
    const [row] = await db
      .select({ id: posts.id, topicId: posts.topicId, postNumber: posts.postNumber })
      .from(posts)
      .where(and(eq(posts.authorId, authorId), eq(posts.idempotencyKey, key)));
    return row ?? null;
  }

  // Replies by anyone but staff and the asker: one statement for all that arrive together, so
  // concurrent replies share a round trip and a commit (a hot topic's row is locked once per
  // batch, not once per reply). A batch that fails runs again reply by reply, so each request
  // sees its own error (a taken idempotency key, say).
  const plainReplyBatcher = createCoalescingBatcher<{ input: NewReply; row?: NewReplyRow }>({
    maxBatchSize: 100,
    run: async (pending) => {
      const rows = rowsOf<NewReplyRow & { ord: string | number }>(await db.execute(plainRepliesStatement(pending.map((entry) => entry.input))));
      const byOrdinal = new Map(rows.map((row) => [Number(row.ord), row]));
      pending.forEach((entry, index) => (entry.row = byOrdinal.get(index + 1)));
    },
  });
  async function writeInBatch(input: NewReply): Promise<NewReplyRow | undefined> {
    const entry: { input: NewReply; row?: NewReplyRow } = { input };
    await plainReplyBatcher.add(entry);
    return entry.row;
  }

  return {
    /** A topic's board and asker, for the access check, if the reader may open it. */
    async findTopicResource(topicId: number, audience: TopicAudience) {
      const [row] = await (audience.staff ? topicResourcesForStaff : topicResources).execute({ topicIds: [topicId] });
      return row ? { board: row.board, ownerId: row.ownerId } : null;
    },

    /** The boards and askers of the topics of `topicIds` the reader may open, by topic id. */
    async findTopicResources(topicIds: number[], audience: TopicAudience) {
      const rows = await (audience.staff ? topicResourcesForStaff : topicResources).execute({ topicIds });
      return new Map(rows.map(({ topicId, ...resource }) => [topicId, resource]));
    },

    /**
     * One page of a board by keyset: newest first on (created_at, id), or most voted on
     * (vote_count, created_at, id); each order has its index. Pinned topics come first, on the
     * first page of the default view only.
     */
    async listTopics({ boardId, cursor, limit, audience, sort, filter, tag, tier }: TopicListRequest) {
      const after = !cursor
        ? undefined
        : sort === 'votes'
          ? sql`(${topics.voteCount}, ${topics.createdAt}, ${topics.id}) < (${cursor.voteCount ?? 0}, ${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`
          : sql`(${topics.createdAt}, ${topics.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`;
      const pinnedFirst = sort === 'newest' && filter === 'all' && !tag && !tier;
      const conditions = and(
        eq(topics.boardId, boardId),
        topicsInLists(audience),
        filter === 'unanswered' ? eq(topics.replyCount, topics.hiddenReplyCount) : undefined,
        filter === 'unsolved' ? inArray(topics.status, ['open', 'answered']) : undefined,
        tag ? sql`${topics.tags} @> array[${tag}]::text[]` : undefined,
        tier ? eq(organizations.tier, tier) : undefined,
      );
      const order = sort === 'votes' ? [newestFirst(topics.voteCount), newestFirst(topics.createdAt), newestFirst(topics.id)] : [newestFirst(topics.createdAt), newestFirst(topics.id)];
      if (pinnedFirst && !cursor) {
        // A board's first page, as most visitors see it: prepared queries.
        const firstPage = audience.staff ? firstPageForStaff : firstPageForMembers;
        const [pinned, rows] = await Promise.all([firstPage.pinned.execute({ boardId }), firstPage.rows.execute({ boardId, limit: limit + 1 })]);
        return { pinned, rows: rows.slice(0, limit), hasMore: rows.length > limit };
      }
      // Later pages of the default view leave out the pinned topics, which lead its first page.
      const rows = await selectTopicSummaries(db)
        .where(and(conditions, after, pinnedFirst ? isNull(topics.pinnedAt) : undefined))
        .orderBy(...order)
        .limit(limit + 1);
      return { pinned: [], rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    /** A topic for its page, with whether `viewerId` said "me too", in one query. */
    async findTopic(topicId: number, audience: TopicAudience, viewerId: number | null = null) {
      const [row] = await (audience.staff ? topicForStaff : topicForMembers).execute({ topicId, viewerId });
      return row ?? null;
    },

    /**
     * The opening post, the accepted answer and one window of at most `limit` replies that the
     * reader may see, with how many come before and after it. Around a post (`near`), up to four
     * fifths of the window are the replies before it, so a link to it shows what it answers, and
     * more when fewer follow it, so the window is full whenever the topic has enough replies.
     */
    async listPostWindow(
      topicId: number,
      audience: TopicAudience,
      request: PostWindowRequest,
      limit: number,
      viewerId: number | null = null,
    ): Promise<PostWindow> {
      const context = Math.floor((limit * 4) / 5);
      const params =
        request.from === 'after'
          ? { from: Math.max(request.postNumber + 1, 2), near: null, earlierLimit: 0, laterLimit: limit }
          : request.from === 'before'
            ? { from: request.postNumber, near: null, earlierLimit: limit, laterLimit: 0 }
            : request.from === 'near'
              ? { from: 2, near: request.postId, earlierLimit: limit, laterLimit: limit }
              : { from: 2, near: null, earlierLimit: 0, laterLimit: limit };
      const queries = audience.staff ? windowForStaff : windowForMembers;
      const [rows, [counts]] = await Promise.all([queries.rows.execute({ topicId, viewerId, ...params }), queries.counts.execute({ topicId, viewerId, ...params })]);
      const byNumber = (a: { postNumber: number }, b: { postNumber: number }) => a.postNumber - b.postNumber;
      // Read forwards, the replies from the bound; backwards, those before it, nearest first.
      const after = rows.filter((row) => row.part === 'later').sort(byNumber);
      const before = rows.filter((row) => row.part === 'earlier').sort((a, b) => byNumber(b, a));
      const later = after.slice(0, limit - Math.min(context, before.length));
      const earlier = before.slice(0, limit - later.length).reverse();
      const replies = [...earlier, ...later].map(({ part: _part, ...row }) => row);
      const withoutPart = (row: (typeof rows)[number] | undefined) => (row ? (({ part: _part, ...rest }) => rest)(row) : null);
      const total = counts?.total ?? 0;
      // The two statements may see a reply apart; the counts never go below zero for it.
      const earlierCount = Math.max(0, (counts?.preceding ?? 0) - earlier.length);
      return {
        opening: withoutPart(rows.find((row) => row.part === 'opening')),
        accepted: withoutPart(rows.find((row) => row.part === 'accepted')),
        replies,
        total,
        earlierCount,
        laterCount: Math.max(0, total - earlierCount - replies.length),
      };
    },

    /**
     * Creates a topic with its opening post and first revision in one transaction. A retry with
     * the same idempotency key returns the topic the first attempt created.
     */
    async createTopic(input: NewTopic): Promise<{ topicId: number; created: boolean }> {
      if (input.idempotencyKey) {
        const existing = await findPostIdByIdempotencyKey(input.authorId, input.idempotencyKey);
        if (existing) return { topicId: existing.topicId, created: false };
      }
      try {
        const topicId = await db.transaction(async (tx) => {
          const [topic] = await tx
            .insert(topics)
            .values({ boardId: input.boardId, authorId: input.authorId, title: input.title, tags: input.tags ?? [] })
            .returning({ id: topics.id });
          const [post] = await tx
            .insert(posts)
            .values({
              topicId: topic!.id,
              authorId: input.authorId,
              postNumber: 1,
              bodyMarkdown: input.body.markdown,
              bodyHtml: input.body.html,
              rendererVersion: input.body.rendererVersion,
              isOfficial: input.authorIsStaff,
              idempotencyKey: input.idempotencyKey,
            })
            .returning({ id: posts.id });
          await tx.insert(postRevisions).values({
            postId: post!.id,
            revision: 1,
            title: input.title,
            tags: input.tags ?? [],
            bodyMarkdown: input.body.markdown,
            editorId: input.authorId,
          });
          // Writing a topic watches it (as a reply does, see reply-statements.ts): its page shows so at once.
          await tx.insert(topicWatches).values({ userId: input.authorId, topicId: topic!.id, level: 'watching' }).onConflictDoNothing();
          if (input.startsSlaClock) await applySlaEvent(tx, { topicId: topic!.id, event: { type: 'question_asked' }, now: input.now });
          await indexTopics(tx, [topic!.id]);
          return topic!.id;
        });
        return { topicId, created: true };
      } catch (error) {
        if (input.idempotencyKey && isUniqueViolation(error, 'posts_author_idempotency_unique')) {
          const existing = await findPostIdByIdempotencyKey(input.authorId, input.idempotencyKey);
          if (existing) return { topicId: existing.topicId, created: false };
        }
        throw error;
      }
    },

    /**
     * Adds a reply and returns it as a topic page shows it. One statement locks the topic row,
     * counts the reply, sets the status and writes the post, its first revision and its search
     * document: concurrent replies get consecutive post numbers and exact counters, and most
     * replies need no transaction of their own. Staff and the asker move the SLA clock too, so
     * theirs run in a transaction with it. A retry with a used idempotency key is found by the
     * unique index, not by a read before every reply.
     */
    async createReply(input: NewReply): Promise<{ post: PostRow; created: boolean }> {
      try {
        // The status each status becomes with this reply (the domain rule), applied to the locked row.
        const statusAfter = topicStatuses.map((status) =>
          topicStatusAfterReply({ status, replyIsFromStaff: input.authorIsStaff, replyIsFromAsker: input.authorIsAsker }),
        );
        // A reply that moves no SLA clock needs no transaction around its one statement, and on a
        // server it shares that statement with the replies arriving meanwhile.
        if (!replyMovesSlaClock({ replyIsFromStaff: input.authorIsStaff, replyIsFromAsker: input.authorIsAsker })) {
          const row = batchReplies ? await writeInBatch(input) : rowsOf<NewReplyRow>(await db.execute(replyStatement(input, statusAfter)))[0];
          return { post: toNewPostRow(checkedReply(row), input.body.html), created: true };
        }
        const post = await db.transaction(async (tx) => {
          const row = checkedReply(rowsOf<NewReplyRow>(await tx.execute(replyStatement(input, statusAfter)))[0]);
          // A staff reply stops the clock; the asker's follow-up resumes a paused one or starts the next.
          const event = input.authorIsStaff
            ? ({ type: 'staff_replied' } as const)
            : ({ type: 'asker_replied', questionSettled: row.previous_status === 'solved' || row.previous_status === 'closed' } as const);
          await applySlaEvent(tx, { topicId: input.topicId, event, now: input.now, respondedBy: input.authorId });
          return toNewPostRow(row, input.body.html);
        });
        return { post, created: true };
      } catch (error) {
        // A retried request: its key is taken (nothing was written), or the topic has been locked
        // or deleted since the first try. Either way the first try's reply is the answer.
        if (input.idempotencyKey && (isUniqueViolation(error, 'posts_author_idempotency_unique') || error instanceof AppError)) {
          const existing = await findPostIdByIdempotencyKey(input.authorId, input.idempotencyKey);
          if (existing) return { post: (await postById.execute({ postId: existing.id }))[0]!, created: false };
        }
        throw error;
      }
    },

    /**
     * Adds or withdraws a "me too". The count moves only when the vote row was really inserted
     * or deleted, in the same transaction, so it stays exact under concurrent clicks.
     */
    async setVote({ topicId, userId, voted }: { topicId: number; userId: number; voted: boolean }) {
      return db.transaction(async (tx) => {
        const changed = voted
          ? await tx.insert(topicVotes).values({ topicId, userId }).onConflictDoNothing().returning({ topicId: topicVotes.topicId })
          : await tx
              .delete(topicVotes)
              .where(and(eq(topicVotes.topicId, topicId), eq(topicVotes.userId, userId)))
              .returning({ topicId: topicVotes.topicId });
        const [topic] =
          changed.length > 0
            ? await tx
                .update(topics)
                .set({ voteCount: sql`${topics.voteCount} ${voted ? sql`+` : sql`-`} 1` })
                .where(eq(topics.id, topicId))
                .returning({ voteCount: topics.voteCount })
            : await tx.select({ voteCount: topics.voteCount }).from(topics).where(eq(topics.id, topicId));
        return { voteCount: topic!.voteCount, viewerVoted: voted };
      });
    },

    /** A visible reply of the topic that can be accepted (not the question itself). */
    async findAcceptableReply(topicId: number, postId: number) {
      const [row] = await db
        .select({ id: posts.id, authorId: posts.authorId })
        .from(posts)
        .where(
          and(eq(posts.id, postId), eq(posts.topicId, topicId), sql`${posts.postNumber} > 1`, isNull(posts.deletedAt), isNull(posts.hiddenAt)),
        );
      return row ?? null;
    },

    /** Accepts an answer (or withdraws acceptance with null) and records who did it. */
    async setAcceptedAnswer({ topicId, postId, actorId, now }: { topicId: number; postId: number | null; actorId: number; now: Date }) {
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select({ firstStaffReplyAt: topics.firstStaffReplyAt, status: topics.status })
          .from(topics)
          .where(eq(topics.id, topicId))
          .for('update');
        const status: TopicStatus =
          postId !== null
            ? 'solved'
            : current!.status === 'solved'
              ? topicStatusWithoutAcceptedAnswer({ hasStaffReply: current!.firstStaffReplyAt !== null })
              : current!.status;
        const [updated] = await tx
          .update(topics)
          .set({ acceptedPostId: postId, status, closedReason: null, updatedAt: sql`now()` })
          .where(eq(topics.id, topicId))
          .returning({ status: topics.status, closedReason: topics.closedReason, acceptedPostId: topics.acceptedPostId });
        await tx.insert(auditLog).values({
          actorId,
          action: postId === null ? 'topic.answer_unaccepted' : 'topic.answer_accepted',
          subjectType: 'topic',
          subjectId: String(topicId),
          details: { postId },
        });
        // An accepted answer stops the response clock (withdrawing it does not restart it).
        if (postId !== null) {
          const [answer] = await tx.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, postId));
          await applySlaEvent(tx, { topicId, event: { type: 'answer_accepted' }, now, respondedBy: answer?.authorId ?? null });
        }
        return updated!;
      });
    },

    /** A staff status change, audited. */
    async setStatus({ topicId, status, reason, actorId, now }: { topicId: number; status: TopicStatus; reason: string | null; actorId: number; now: Date }) {
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(topics)
          .set({
            status,
            closedReason: reason,
            // Reopening or answering withdraws nothing: an accepted answer stays unless solved is left.
            ...(status !== 'solved' ? { acceptedPostId: null } : {}),
            updatedAt: sql`now()`,
          })
          .where(eq(topics.id, topicId))
          .returning({ status: topics.status, closedReason: topics.closedReason, acceptedPostId: topics.acceptedPostId });
        await tx.insert(auditLog).values({
          actorId,
          action: 'topic.status_changed',
          subjectType: 'topic',
          subjectId: String(topicId),
          details: { status, reason },
        });
        // Closing a question is a staff response: it stops the clock (reopening starts none).
        if (status === 'closed') await applySlaEvent(tx, { topicId, event: { type: 'question_closed' }, now, respondedBy: actorId });
        return updated!;
      });
    },

    async findPost(postId: number) {
      const [row] = await postById.execute({ postId });
      return row ?? null;
    },
  };
}

export type TopicsRepository = ReturnType<typeof createTopicsRepository>;
export type AuthorRow = {
  authorId: number;
  authorName: string;
  authorRole: 'customer' | 'ops' | 'pm' | 'admin';
  organizationName: string | null;
  organizationTier: 'head' | 'waist' | 'tail' | null;
  organizationStage: 'onboarding' | 'adoption' | 'expansion' | 'renewal' | 'churn-risk' | null;
};
