import { Type, type Static } from 'typebox';
import { Id } from './common.ts';

export const BoardKind = Type.Union([Type.Literal('release_notes'), Type.Literal('beta'), Type.Literal('qa')]);
export const BoardVisibility = Type.Union([Type.Literal('public'), Type.Literal('members'), Type.Literal('participants')]);

export const Board = Type.Object({
  id: Id,
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: BoardKind,
  visibility: BoardVisibility,
  /** What the reader may do here, computed from the permission matrix. */
  canCreateTopic: Type.Boolean(),
});
export type Board = Static<typeof Board>;

export const BoardList = Type.Object({ boards: Type.Array(Board) });
export type BoardList = Static<typeof BoardList>;

export const BoardSlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' }) });
