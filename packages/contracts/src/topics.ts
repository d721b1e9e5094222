import { Type, type Static } from 'typebox';
import { Author, Id, Timestamp } from './common.ts';
import { Board } from './boards.ts';

/** Markdown bodies are capped at 64 KiB of text. */
export const maxBodyLength = 65_536;

export const TopicStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('answered'),
  Type.Literal('solved'),
  Type.Literal('closed'),
]);

export const MarkdownBody = Type.String({ minLength: 1, maxLength: maxBodyLength, pattern: '\\S' });

export const CreateTopicBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    body: MarkdownBody,
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

export const TopicListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type TopicListQuery = Static<typeof TopicListQuery>;

export const TopicSummary = Type.Object({
  id: Id,
  title: Type.String(),
  status: TopicStatus,
  replyCount: Type.Integer(),
  hasOfficialAnswer: Type.Boolean(),
  createdAt: Timestamp,
  lastPostedAt: Timestamp,
  author: Author,
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
});
export type Post = Static<typeof Post>;

export const TopicDetail = Type.Object({
  id: Id,
  title: Type.String(),
  status: TopicStatus,
  replyCount: Type.Integer(),
  createdAt: Timestamp,
  lockedAt: Type.Union([Timestamp, Type.Null()]),
  board: Type.Object({ slug: Type.String(), name: Type.String(), kind: Board.properties.kind }),
  posts: Type.Array(Post),
  canReply: Type.Boolean(),
});
export type TopicDetail = Static<typeof TopicDetail>;
