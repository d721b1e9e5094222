import { LinkedDemand } from './demands.ts';
import { Type, type Static } from 'typebox';
import { Author, CalendarDate, Id, Timestamp } from './common.ts';
import { MarkdownBody, Post, TopicPostsPage } from './topics.ts';

/** How a release note is published: kept as a draft, published now, or scheduled for `publishAt`. */
export const ReleaseNotePublishMode = Type.Union([Type.Literal('draft'), Type.Literal('now'), Type.Literal('at')]);
export type ReleaseNotePublishMode = Static<typeof ReleaseNotePublishMode>;

/** What readers see of a note's publication: staff also see drafts and scheduled notes. */
export const ReleaseNoteStatus = Type.Union([Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('published')]);
export type ReleaseNoteStatus = Static<typeof ReleaseNoteStatus>;

export const reactionKinds = ['thumbs_up', 'tada', 'heart', 'confused'] as const;
export const ReactionKind = Type.Enum(reactionKinds);
export type ReactionKind = Static<typeof ReactionKind>;

/** Exact counts per reaction kind; a kind nobody used counts 0. */
export const ReactionCounts = Type.Object({
  thumbs_up: Type.Integer({ minimum: 0 }),
  tada: Type.Integer({ minimum: 0 }),
  heart: Type.Integer({ minimum: 0 }),
  confused: Type.Integer({ minimum: 0 }),
});
export type ReactionCounts = Static<typeof ReactionCounts>;

export const ReleaseDate = CalendarDate;
export const ReleaseVersion = Type.String({ minLength: 1, maxLength: 64, pattern: '^\\S(.*\\S)?$' });
const ReleaseNoteTitle = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

/** A new release note. At least one of `version` and `releasedOn`; `publishAt` when `publish` is `at`. */
const DemandIds = Type.Array(Id, { maxItems: 50, uniqueItems: true });

export const CreateReleaseNoteBody = Type.Object(
  {
    title: ReleaseNoteTitle,
    version: Type.Optional(ReleaseVersion),
    releasedOn: Type.Optional(ReleaseDate),
    introduction: MarkdownBody,
    scenarios: MarkdownBody,
    precautions: MarkdownBody,
    publish: ReleaseNotePublishMode,
    publishAt: Type.Optional(Timestamp),
    /** Demands this note ships: they become shipped when the note is out. */
    demandIds: Type.Optional(DemandIds),
  },
  { additionalProperties: false },
);
export type CreateReleaseNoteBody = Static<typeof CreateReleaseNoteBody>;

/** A partial edit; `null` clears `version` or `releasedOn` (one of them must remain). */
export const UpdateReleaseNoteBody = Type.Object(
  {
    title: Type.Optional(ReleaseNoteTitle),
    version: Type.Optional(Type.Union([ReleaseVersion, Type.Null()])),
    releasedOn: Type.Optional(Type.Union([ReleaseDate, Type.Null()])),
    introduction: Type.Optional(MarkdownBody),
    scenarios: Type.Optional(MarkdownBody),
    precautions: Type.Optional(MarkdownBody),
    publish: Type.Optional(ReleaseNotePublishMode),
    publishAt: Type.Optional(Timestamp),
    /** Replaces the linked demands (shipped ones stay shipped). */
    demandIds: Type.Optional(DemandIds),
  },
  { additionalProperties: false },
);
export type UpdateReleaseNoteBody = Static<typeof UpdateReleaseNoteBody>;

export const ReleaseNoteListQuery = Type.Object(
  {
    board: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$', default: 'release-notes' }),
    /** Exact version, or a prefix ending at a dot: `4.2` matches `4.2`, `4.2.1`, not `4.20`. */
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Released on or after this date. */
    from: Type.Optional(ReleaseDate),
    /** Released on or before this date. */
    to: Type.Optional(ReleaseDate),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type ReleaseNoteListQuery = Static<typeof ReleaseNoteListQuery>;

export const ReleaseNoteSummary = Type.Object({
  id: Id,
  title: Type.String(),
  version: Type.Union([Type.String(), Type.Null()]),
  releasedOn: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  status: ReleaseNoteStatus,
  /** The introduction's opening, as plain text. */
  excerpt: Type.String(),
  reactions: ReactionCounts,
  commentCount: Type.Integer({ minimum: 0 }),
});
export type ReleaseNoteSummary = Static<typeof ReleaseNoteSummary>;

const ReleaseNoteBoard = Type.Object({ slug: Type.String(), name: Type.String() });

export const ReleaseNoteList = Type.Object({
  board: ReleaseNoteBoard,
  items: Type.Array(ReleaseNoteSummary),
  /** Pass back as `cursor` for older notes; null at the end. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  canPublish: Type.Boolean(),
});
export type ReleaseNoteList = Static<typeof ReleaseNoteList>;

export const ReleaseNoteDetail = Type.Object({
  id: Id,
  title: Type.String(),
  version: Type.Union([Type.String(), Type.Null()]),
  releasedOn: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  status: ReleaseNoteStatus,
  board: ReleaseNoteBoard,
  author: Author,
  /** Sanitized HTML rendered at write time. */
  introductionHtml: Type.String(),
  scenariosHtml: Type.String(),
  precautionsHtml: Type.String(),
  /** The Markdown as written; only for those who may edit the note. */
  source: Type.Optional(
    Type.Object({ introduction: Type.String(), scenarios: Type.String(), precautions: Type.String() }),
  ),
  reactions: ReactionCounts,
  viewerReactions: Type.Array(ReactionKind),
  /** One page of comments, oldest first (`commentsPage` says which; ask for others as a topic's replies). */
  comments: Type.Array(Post),
  commentsPage: TopicPostsPage,
  canComment: Type.Boolean(),
  canReact: Type.Boolean(),
  canEdit: Type.Boolean(),
  /** Staff only: the demands the note ships. */
  demands: Type.Optional(Type.Array(LinkedDemand)),
});
export type ReleaseNoteDetail = Static<typeof ReleaseNoteDetail>;

export const ReactionParams = Type.Object({ id: Id, kind: ReactionKind });
export type ReactionParams = Static<typeof ReactionParams>;

export const ReactionState = Type.Object({
  topicId: Id,
  reactions: ReactionCounts,
  viewerReactions: Type.Array(ReactionKind),
});
export type ReactionState = Static<typeof ReactionState>;

/** The Atom feed is XML, declared as a string. */
export const AtomFeed = Type.String();
