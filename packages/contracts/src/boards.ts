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

// ---- Admin ---------------------------------------------------------------------------------

const BoardName = Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' });
const BoardDescription = Type.String({ maxLength: 500 });

/** A board as admins manage it: what readers see, plus its place and size. */
export const AdminBoard = Type.Object({
  id: Id,
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: BoardKind,
  visibility: BoardVisibility,
  position: Type.Integer(),
  topicCount: Type.Integer(),
  /** Active PMs and ops members who cover it; 0: its questions go to every PM and ops member on duty. */
  coveredBy: Type.Integer(),
  /** The visibilities an admin may choose for it; empty: it stays as it is. */
  settableVisibilities: Type.Array(BoardVisibility),
  createdAt: Type.String(),
});
export type AdminBoard = Static<typeof AdminBoard>;

export const AdminBoardList = Type.Object({ boards: Type.Array(AdminBoard) });
export type AdminBoardList = Static<typeof AdminBoardList>;

/** A new Q&A board; the slug is made from the name when left out. */
export const CreateBoardBody = Type.Object(
  {
    name: BoardName,
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    description: Type.Optional(BoardDescription),
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('members')])),
  },
  { additionalProperties: false },
);
export type CreateBoardBody = Static<typeof CreateBoardBody>;

/** Rename, describe, reorder or change who reads a board; the slug (its address) stays. */
export const UpdateBoardBody = Type.Object(
  {
    name: Type.Optional(BoardName),
    description: Type.Optional(BoardDescription),
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('members')])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateBoardBody = Static<typeof UpdateBoardBody>;
