import { TopicDemand } from './demands.ts';
import { Type, type Static } from 'typebox';
import { Author, Id, Tier, Timestamp } from './common.ts';
import { Board } from './boards.ts';
import { TopicSla, TopicSlaSummary } from './sla.ts';

/** Markdown bodies are capped at 64 KiB of text. */
export const maxBodyLength = 65_536;

export const TopicStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('answered'),
  Type.Literal('solved'),
  Type.Literal('closed'),
]);

export const MarkdownBody = Type.String({ minLength: 1, maxLength: maxBodyLength, pattern: '\\S' });

export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 5 });

export const CreateTopicBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    body: MarkdownBody,
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false },
);
export type CreateTopicBody = Static<typeof CreateTopicBody>;

export const CreatePostBody = Type.Object({ body: MarkdownBody }, { additionalProperties: false });
export type CreatePostBody = Static<typeof CreatePostBody>;

/** A retried submit sends the same key and gets the first result back. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' })),
});

export const TopicSort = Type.Enum(['newest', 'votes']);
export const TopicFilter = Type.Enum(['all', 'unanswered', 'unsolved']);

export const TopicListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    sort: Type.Optional(TopicSort),
    filter: Type.Optional(TopicFilter),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    /** Staff only: questions from organizations of this tier. */
    tier: Type.Optional(Tier),
  },
  { additionalProperties: false },
);
export type TopicListQuery = Static<typeof TopicListQuery>;

export const TopicSummary = Type.Object({
  id: Id,
  title: Type.String(),
  status: TopicStatus,
  replyCount: Type.Integer(),
  voteCount: Type.Integer(),
  tags: Type.Array(Type.String()),
  hasOfficialAnswer: Type.Boolean(),
  hasAcceptedAnswer: Type.Boolean(),
  isPinned: Type.Boolean(),
  createdAt: Timestamp,
  lastPostedAt: Timestamp,
  author: Author,
  /** Staff only: the question's response clock, when it has one. */
  sla: Type.Optional(Type.Union([TopicSlaSummary, Type.Null()])),
});
export type TopicSummary = Static<typeof TopicSummary>;

export const TopicList = Type.Object({
  board: Board,
  items: Type.Array(TopicSummary),
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type TopicList = Static<typeof TopicList>;

export const Post = Type.Object({
  id: Id,
  topicId: Id,
  postNumber: Type.Integer(),
  /** Sanitized HTML rendered at write time; the only form of the body pages show. */
  bodyHtml: Type.String(),
  isOfficial: Type.Boolean(),
  createdAt: Timestamp,
  editedAt: Type.Union([Timestamp, Type.Null()]),
  author: Author,
  /** The latest revision number; above 1 once edited. */
  revision: Type.Optional(Type.Integer()),
  /**
   * Deleted posts reach staff only, greyed, to restore. Hidden ones reach staff (to unhide) and
   * their author, with the reason staff gave (null when they upheld a report, or gave none).
   */
  isHidden: Type.Optional(Type.Boolean()),
  hiddenReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  isDeleted: Type.Optional(Type.Boolean()),
  /** What the reader may do with this post: buttons to show, the API still decides. */
  canEdit: Type.Optional(Type.Boolean()),
  canDelete: Type.Optional(Type.Boolean()),
  canModerate: Type.Optional(Type.Boolean()),
});
export type Post = Static<typeof Post>;

/** Replies a topic page shows at once unless `limit` says otherwise, and the most it may ask for. */
export const defaultRepliesPerPage = 50;
export const maxRepliesPerPage = 100;

/** A post's number in its topic: 1 is the opening post, replies count up from 2. */
export const PostNumber = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/**
 * Which replies `GET /api/topics/:id` returns, by post number (keyset, no offsets). At most one of
 * `after`, `before` and `near`; none is the first page. The opening post and the accepted answer
 * come with every page.
 */
export const TopicDetailQuery = Type.Object(
  {
    /** The replies after this post number (the next page: the `lastPostNumber` of the one shown). */
    after: Type.Optional(PostNumber),
    /** The replies just before this post number (the previous page: its `firstPostNumber`). */
    before: Type.Optional(PostNumber),
    /**
     * The page that holds this post (an id), with the replies before it for context, for links to
     * a post. A post that is not in this topic, or that the reader may not see, is ignored.
     */
    near: Type.Optional(Id),
    limit: Type.Integer({ minimum: 1, maximum: maxRepliesPerPage, default: defaultRepliesPerPage }),
  },
  { additionalProperties: false },
);
export type TopicDetailQuery = Static<typeof TopicDetailQuery>;

/** Where a topic's window of replies sits among all the replies this reader may see. */
export const TopicPostsPage = Type.Object({
  /** The most replies a page holds (the `limit` asked for). */
  limit: Type.Integer(),
  /** Replies this reader may see in the whole topic (hidden ones count for staff only). */
  total: Type.Integer(),
  /** Post numbers of the window's first and last reply; null when the window holds none. */
  firstPostNumber: Type.Union([Type.Integer(), Type.Null()]),
  lastPostNumber: Type.Union([Type.Integer(), Type.Null()]),
  /** Replies before the window: ask for them with `before=<firstPostNumber>`. */
  hasEarlier: Type.Boolean(),
  earlierCount: Type.Integer(),
  /** Replies after the window: ask for them with `after=<lastPostNumber>`. */
  hasLater: Type.Boolean(),
  laterCount: Type.Integer(),
});
export type TopicPostsPage = Static<typeof TopicPostsPage>;

export const TopicDetail = Type.Object({
  id: Id,
  title: Type.String(),
  status: TopicStatus,
  replyCount: Type.Integer(),
  voteCount: Type.Integer(),
  tags: Type.Array(Type.String()),
  closedReason: Type.Union([Type.String(), Type.Null()]),
  /** The accepted answer, shown first after the question. */
  acceptedPostId: Type.Union([Id, Type.Null()]),
  createdAt: Timestamp,
  lockedAt: Type.Union([Timestamp, Type.Null()]),
  board: Type.Object({
    slug: Type.String(),
    name: Type.String(),
    kind: Board.properties.kind,
    visibility: Board.properties.visibility,
  }),
  /**
   * The opening post, the accepted answer (when there is one the reader may see), then one window
   * of replies in order (`page` says which).
   */
  posts: Type.Array(Post),
  page: TopicPostsPage,
  canReply: Type.Boolean(),
  /** Moderation state; hidden and deleted topics reach staff only. */
  isPinned: Type.Boolean(),
  isHidden: Type.Boolean(),
  isDeleted: Type.Boolean(),
  canModerate: Type.Boolean(),
  /** The reader's own "me too", and whether they may give one. */
  viewerVoted: Type.Boolean(),
  canVote: Type.Boolean(),
  canAccept: Type.Boolean(),
  canSetStatus: Type.Boolean(),
  /** Staff only: the question's response clock, when it has one. */
  sla: Type.Optional(Type.Union([TopicSla, Type.Null()])),
  /** The demand this question was merged into, if any (scores never). */
  demand: Type.Optional(Type.Union([TopicDemand, Type.Null()])),
  /** Staff: whether they may turn the question into a demand or merge it into one. */
  canMakeDemand: Type.Optional(Type.Boolean()),
});
export type TopicDetail = Static<typeof TopicDetail>;

export const VoteResult = Type.Object({ voteCount: Type.Integer(), viewerVoted: Type.Boolean() });
export type VoteResult = Static<typeof VoteResult>;

export const AcceptAnswerBody = Type.Object({ postId: Id }, { additionalProperties: false });

export const CloseReason = Type.Enum(['duplicate', 'off-topic', 'resolved-elsewhere', 'no-response']);
export const SetStatusBody = Type.Object(
  { status: TopicStatus, reason: Type.Optional(CloseReason) },
  { additionalProperties: false },
);
export type SetStatusBody = Static<typeof SetStatusBody>;

export const StatusResult = Type.Object({
  status: TopicStatus,
  closedReason: Type.Union([Type.String(), Type.Null()]),
  acceptedPostId: Type.Union([Id, Type.Null()]),
});

export const PreviewBody = Type.Object({ body: MarkdownBody }, { additionalProperties: false });
export const PreviewResult = Type.Object({ html: Type.String() });
