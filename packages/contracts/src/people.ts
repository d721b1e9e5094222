import { Type, type Static } from 'typebox';
import { BoardKind, BoardVisibility } from './boards.ts';
import { Id, Timestamp } from './common.ts';

export const activityKinds = ['all', 'topics', 'replies'] as const;
/** Everything a person wrote, only the topics they opened (questions, feedback topics), or only their replies. */
export const ActivityKind = Type.Enum(activityKinds);

export const PersonActivityQuery = Type.Object(
  {
    kind: Type.Optional(ActivityKind),
    /** `nextCursor` of the previous page. */
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  },
  { additionalProperties: false },
);
export type PersonActivityQuery = Static<typeof PersonActivityQuery>;

/** One post of a person, as the reader may see it: where it is, when, and how it starts. */
export const ActivityItem = Type.Object({
  /** The post: link to `/t/<topic.id>?near=<postId>#post-<postId>` (`topicPostPath`). */
  postId: Id,
  /** 1 for the opening post of a topic, 2 and up for replies. */
  postNumber: Type.Integer({ minimum: 1 }),
  kind: Type.Enum(['topic', 'reply']),
  topic: Type.Object({ id: Id, title: Type.String() }),
  board: Type.Object({ slug: Type.String(), name: Type.String(), kind: BoardKind, visibility: BoardVisibility }),
  createdAt: Timestamp,
  /** About 200 characters of the post as plain text: never markup. */
  excerpt: Type.String(),
  /** The asker (or staff) accepted this reply as the answer. */
  isAcceptedAnswer: Type.Boolean(),
  /** Written by staff: an official answer. */
  isOfficial: Type.Boolean(),
  /** Staff only ever get true here: a hidden post or topic, or a draft or scheduled release note. */
  hiddenFromMembers: Type.Boolean(),
  /** Staff only ever get true here: the post or its topic was deleted (staff may restore it). */
  isDeleted: Type.Boolean(),
});
export type ActivityItem = Static<typeof ActivityItem>;

export const PersonActivity = Type.Object({
  items: Type.Array(ActivityItem),
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type PersonActivity = Static<typeof PersonActivity>;

/** The `@prefix` being typed (without `@`), and the topic it is written in, if any. */
export const MentionCandidatesQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 30, pattern: '\\S' }),
    /** People who posted in this topic come first, when the reader may read it. */
    topicId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type MentionCandidatesQuery = Static<typeof MentionCandidatesQuery>;

/** Someone who can be mentioned: what the composer shows and writes, nothing more. */
export const MentionCandidate = Type.Object({
  id: Id,
  handle: Type.String(),
  displayName: Type.String(),
  isStaff: Type.Boolean(),
});
export type MentionCandidate = Static<typeof MentionCandidate>;

export const MentionCandidateList = Type.Object({ items: Type.Array(MentionCandidate, { maxItems: 8 }) });
export type MentionCandidateList = Static<typeof MentionCandidateList>;
