import { Type, type Static } from 'typebox';
import { Id, Timestamp } from './common.ts';
import { ReleaseDate } from './release-notes.ts';
import { TopicStatus } from './topics.ts';

export const searchDocumentKinds = ['topic', 'reply', 'release_note', 'beta_program', 'demand'] as const;
/** What a result is: a topic (question), a reply (answer, comment), a release note, a beta program, a demand (staff only). */
export const SearchDocumentKind = Type.Enum(searchDocumentKinds);
export type SearchDocumentKind = Static<typeof SearchDocumentKind>;

const BoardSlugFilter = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' });

/** One search box, with filters; `status` narrows to questions and answers of that status. */
export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    board: Type.Optional(BoardSlugFilter),
    kind: Type.Optional(SearchDocumentKind),
    status: Type.Optional(TopicStatus),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    /** Written or published on or after this day (UTC). */
    from: Type.Optional(ReleaseDate),
    /** Written or published on or before this day (UTC). */
    to: Type.Optional(ReleaseDate),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResult = Type.Object({
  id: Id,
  kind: SearchDocumentKind,
  /** Null for a demand (staff only), which has no topic: see `demandId`. */
  topicId: Type.Union([Id, Type.Null()]),
  demandId: Type.Union([Id, Type.Null()]),
  /** The reply (or opening post) to jump to; null for release notes and beta programs. */
  postId: Type.Union([Id, Type.Null()]),
  board: Type.Union([Type.Object({ slug: Type.String(), name: Type.String(), kind: Type.Enum(['release_notes', 'beta', 'qa']) }), Type.Null()]),
  /** Escaped HTML with matches in `<mark>`: the only markup it can contain. */
  titleHtml: Type.String(),
  /** Escaped HTML with matches in `<mark>`, about 240 characters around the first match. */
  snippetHtml: Type.String(),
  /** The topic's status; null for a demand. */
  status: Type.Union([TopicStatus, Type.Null()]),
  tags: Type.Array(Type.String()),
  publishedAt: Timestamp,
  /** Staff only ever get true here: a hidden post or topic, a draft or scheduled note or program. */
  hiddenFromMembers: Type.Boolean(),
});
export type SearchResult = Static<typeof SearchResult>;

export const SearchResultList = Type.Object({
  items: Type.Array(SearchResult),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type SearchResultList = Static<typeof SearchResultList>;

export const SimilarQuestionsQuery = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    board: Type.Optional(BoardSlugFilter),
  },
  { additionalProperties: false },
);
export type SimilarQuestionsQuery = Static<typeof SimilarQuestionsQuery>;

export const SimilarQuestionList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Id,
      title: Type.String(),
      status: TopicStatus,
      replyCount: Type.Integer({ minimum: 0 }),
      board: Type.Object({ slug: Type.String(), name: Type.String() }),
    }),
  ),
});
export type SimilarQuestionList = Static<typeof SimilarQuestionList>;
