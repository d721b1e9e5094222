import { and, asc, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { boards, staffCoverageBoards, topics, users, type Database } from '@townhall/db';
import { checkInDigestRoles, type BoardVisibility } from '@townhall/domain';
import { isUniqueViolation } from '../../unique-violation.ts';
import { writeAdminAudit } from '../admin/audit.repository.ts';

// Active PMs and ops members who cover the board: whose check-in digests its questions go to.
const coveredBy = sql<number>`(
  select count(*)::int from ${staffCoverageBoards}
  join ${users} on ${users.id} = ${staffCoverageBoards.userId}
  where ${staffCoverageBoards.boardId} = ${boards.id} and ${users.deactivatedAt} is null and ${inArray(users.role, [...checkInDigestRoles])}
)`.mapWith(Number);

export type BoardChanges = { name?: string; description?: string; visibility?: 'public' | 'members'; position?: number };

const adminColumns = {
  id: boards.id,
  slug: boards.slug,
  name: boards.name,
  description: boards.description,
  kind: boards.kind,
  visibility: boards.visibility,
  position: boards.position,
  createdAt: boards.createdAt,
};

/** Admin: the boards people read (not beta feedback areas, which belong to their program). */
export function createBoardAdminRepository(db: Database) {
  async function list(boardId?: number) {
    return db
      .select({ ...adminColumns, topicCount: count(topics.id), coveredBy })
      .from(boards)
      .leftJoin(topics, and(eq(topics.boardId, boards.id), isNull(topics.deletedAt)))
      .where(and(ne(boards.visibility, 'participants'), boardId === undefined ? undefined : eq(boards.id, boardId)))
      .groupBy(boards.id)
      .orderBy(asc(boards.position), asc(boards.id));
  }

  return {
    list: () => list(),

    async find(id: number) {
      const [row] = await list(id);
      return row ?? null;
    },

    async findIdBySlug(slug: string): Promise<number | null> {
      const [row] = await db.select({ id: boards.id }).from(boards).where(and(eq(boards.slug, slug), ne(boards.visibility, 'participants')));
      return row?.id ?? null;
    },

    /** Adds a Q&A board after the others, audited; null when the slug is taken. */
    async create(input: { slug: string; name: string; description: string; visibility: BoardVisibility; actorId: number }): Promise<number | null> {
      try {
        return await db.transaction(async (tx) => {
          const [created] = await tx
            .insert(boards)
            .values({
              slug: input.slug,
              name: input.name,
              description: input.description,
              kind: 'qa',
              visibility: input.visibility,
              // After the boards in the header (beta feedback areas are not listed there).
              position: sql`(select coalesce(max(${boards.position}), 0) + 1 from ${boards} where ${boards.visibility} <> 'participants')`,
            })
            .returning({ id: boards.id });
          await writeAdminAudit(tx, {
            actorId: input.actorId,
            action: 'board.created',
            subjectType: 'board',
            subjectId: created!.id,
            details: { slug: input.slug, name: input.name, visibility: input.visibility },
          });
          return created!.id;
        });
      } catch (error) {
        if (isUniqueViolation(error, 'boards_slug_unique')) return null;
        throw error;
      }
    },

    /**
     * Changes a board under its row lock and audits each field that changed, before and after.
     * `check` sees the locked row first and may refuse (it throws).
     */
    async update(input: { id: number; actorId: number; changes: BoardChanges; check: (board: { kind: (typeof boards.$inferSelect)['kind'] }) => void }): Promise<'updated' | 'not_found'> {
      return db.transaction(async (tx) => {
        const [board] = await tx.select().from(boards).where(and(eq(boards.id, input.id), ne(boards.visibility, 'participants'))).for('update');
        if (!board) return 'not_found';
        input.check(board);
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const [field, value] of Object.entries(input.changes) as [keyof BoardChanges, unknown][]) {
          if (value !== undefined && board[field] !== value) changes[field] = { from: board[field], to: value };
        }
        if (Object.keys(changes).length === 0) return 'updated';
        await tx.update(boards).set(input.changes).where(eq(boards.id, board.id));
        await writeAdminAudit(tx, { actorId: input.actorId, action: 'board.updated', subjectType: 'board', subjectId: board.id, details: { slug: board.slug, changes } });
        return 'updated';
      });
    },
  };
}

export type BoardAdminRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createBoardAdminRepository>['find']>>>;
