import { asc, eq, sql } from 'drizzle-orm';
import { boards, type Database } from '@townhall/db';
import type { BoardVisibility } from '@townhall/domain';

export function createBoardsRepository(db: Database) {
  // Every page's header lists the boards: the query is built once, not on each request. The
  // visibilities go as text (PGlite may not know the enum's array type, see
  // fresh-embedded-database.test.ts) and become the enum in SQL.
  const byVisibility = db
    .select()
    .from(boards)
    .where(sql`${boards.visibility} = any(${sql.placeholder('visibilities')}::text[]::board_visibility[])`)
    .orderBy(asc(boards.position), asc(boards.id))
    .prepare('boards_by_visibility');
  return {
    listByVisibility(visibilities: BoardVisibility[]) {
      return byVisibility.execute({ visibilities });
    },

    async findBySlug(slug: string) {
      const [board] = await db.select().from(boards).where(eq(boards.slug, slug));
      return board ?? null;
    },
  };
}

export type BoardsRepository = ReturnType<typeof createBoardsRepository>;
export type BoardRow = Awaited<ReturnType<BoardsRepository['listByVisibility']>>[number];
