import { Type, type Static } from 'typebox';
import { Id } from './common.ts';

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
