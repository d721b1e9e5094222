import { asc, eq, inArray } from 'drizzle-orm';
import { boards, type Database } from '@townhall/db';
import type { BoardVisibility } from '@townhall/domain';

export function createBoardsRepository(db: Database) {
  return {
    listByVisibility(visibilities: BoardVisibility[]) {
      return db
        .select()
        .from(boards)
        .where(inArray(boards.visibility, visibilities))
        .orderBy(asc(boards.position), asc(boards.id));
    },

    async findBySlug(slug: string) {
      const [board] = await db.select().from(boards).where(eq(boards.slug, slug));
      return board ?? null;
    },
  };
}

export type BoardsRepository = ReturnType<typeof createBoardsRepository>;
export type BoardRow = Awaited<ReturnType<BoardsRepository['listByVisibility']>>[number];
