import { Type, type Static } from 'typebox';
import { BoardKind } from './boards.ts';
import { Id, PersonRef, Timestamp } from './common.ts';
import { MarkdownBody, Tags } from './topics.ts';

/** Edit a post; `title` and `tags` only on a topic's opening post, where they change the topic. */
export const EditPostBody = Type.Object(
  {
    body: MarkdownBody,
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    /** The topic's tags as they should be. */
    tags: Type.Optional(Tags),
    /** The revision the edit started from: if the post has changed since, 409 EDIT_CONFLICT and nothing is saved. */
    baseRevision: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type EditPostBody = Static<typeof EditPostBody>;

/** Why staff hide a post or a person flags one: a short note. */
export const ModerationReason = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' });

export const HidePostBody = Type.Object({ reason: ModerationReason }, { additionalProperties: false });
export type HidePostBody = Static<typeof HidePostBody>;

export const FlagPostBody = Type.Object({ reason: ModerationReason }, { additionalProperties: false });
export type FlagPostBody = Static<typeof FlagPostBody>;

/** A post's state after a moderation step: what changed, without the author block. */
export const ModeratedPost = Type.Object({
  id: Id,
  topicId: Id,
  /** The kind of board the post's topic is on: where its page is (a release note's comments have their own). */
  boardKind: BoardKind,
  postNumber: Type.Integer(),
  bodyHtml: Type.String(),
  revision: Type.Integer(),
  editedAt: Type.Union([Timestamp, Type.Null()]),
  isHidden: Type.Boolean(),
  isDeleted: Type.Boolean(),
});
export type ModeratedPost = Static<typeof ModeratedPost>;

export const DiffLine = Type.Object({
  kind: Type.Union([Type.Literal('same'), Type.Literal('added'), Type.Literal('removed')]),
  text: Type.String(),
});
export type DiffLine = Static<typeof DiffLine>;


/** One version of a post, with the line diff from the version before (all added for the first). */
export const PostRevision = Type.Object({
  revision: Type.Integer(),
  /** The topic title at this revision; only on opening posts. */
  title: Type.Union([Type.String(), Type.Null()]),
  /** The topic's tags at this revision; only on opening posts, null where they were not kept. */
  tags: Type.Union([Type.Array(Type.String()), Type.Null()]),
  bodyMarkdown: Type.String(),
  editor: PersonRef,
  createdAt: Timestamp,
  diff: Type.Array(DiffLine),
});
export type PostRevision = Static<typeof PostRevision>;

export const PostRevisionList = Type.Object({
  postId: Id,
  topicId: Id,
  topicTitle: Type.String(),
  /** The kind of board the post's topic is on: where its page is. */
  boardKind: BoardKind,
  postNumber: Type.Integer(),
  /** The topic's tags now (for the edit form of an opening post). */
  topicTags: Type.Array(Type.String()),
  /** Oldest first. */
  revisions: Type.Array(PostRevision),
});
export type PostRevisionList = Static<typeof PostRevisionList>;

export const topicModerationActions = ['pin', 'unpin', 'lock', 'unlock', 'hide', 'unhide', 'delete', 'restore', 'move'] as const;
export type TopicModerationAction = (typeof topicModerationActions)[number];

export const ModerateTopicBody = Type.Object(
  {
    action: Type.Enum(topicModerationActions),
    /** Where to move the topic; required with `move`. */
    boardSlug: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type ModerateTopicBody = Static<typeof ModerateTopicBody>;

const OptionalTimestamp = Type.Union([Timestamp, Type.Null()]);

export const ModeratedTopic = Type.Object({
  id: Id,
  boardSlug: Type.String(),
  title: Type.String(),
  pinnedAt: OptionalTimestamp,
  lockedAt: OptionalTimestamp,
  hiddenAt: OptionalTimestamp,
  deletedAt: OptionalTimestamp,
});
export type ModeratedTopic = Static<typeof ModeratedTopic>;

export const Flag = Type.Object({
  id: Id,
  postId: Id,
  reason: Type.String(),
  createdAt: Timestamp,
  resolvedAt: OptionalTimestamp,
  resolution: Type.Union([Type.String(), Type.Null()]),
});
export type Flag = Static<typeof Flag>;

export const KeysetQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  },
  { additionalProperties: false },
);
export type KeysetQuery = Static<typeof KeysetQuery>;

/** An open flag as the staff review list shows it, oldest first. */
export const OpenFlag = Type.Object({
  id: Id,
  reason: Type.String(),
  createdAt: Timestamp,
  reporter: PersonRef,
  post: Type.Object({
    id: Id,
    postNumber: Type.Integer(),
    /** The start of the post's Markdown, as plain text. */
    excerpt: Type.String(),
    author: PersonRef,
    isHidden: Type.Boolean(),
    isDeleted: Type.Boolean(),
  }),
  topic: Type.Object({ id: Id, title: Type.String() }),
});
export type OpenFlag = Static<typeof OpenFlag>;

export const OpenFlagList = Type.Object({
  items: Type.Array(OpenFlag),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type OpenFlagList = Static<typeof OpenFlagList>;

export const flagResolutions = ['hide', 'dismiss'] as const;
export const ResolveFlagBody = Type.Object({ resolution: Type.Enum(flagResolutions) }, { additionalProperties: false });
export type ResolveFlagBody = Static<typeof ResolveFlagBody>;

export const AuditEntry = Type.Object({
  id: Id,
  actor: Type.Union([PersonRef, Type.Null()]),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Timestamp,
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditLogQuery = Type.Object(
  {
    ...KeysetQuery.properties,
    /** Only entries of this action (one of the domain's `auditActions`). */
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    /** Only entries by this person: their e-mail, or their handle with or without the `@`. */
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type AuditLogQuery = Static<typeof AuditLogQuery>;

export const AuditLogPage = Type.Object({
  items: Type.Array(AuditEntry),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AuditLogPage = Static<typeof AuditLogPage>;
