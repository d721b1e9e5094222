import { and, asc, eq, isNull } from 'drizzle-orm';
import { users, type Database } from '@townhall/db';
import { handleCandidates, handleFromDisplayName } from '@townhall/domain';
import { isUniqueViolation } from '../../unique-violation.ts';

const attemptsPerPerson = 200;

/** Mention handles: every person gets one, derived from their name and made unique by the index. */
export function createHandlesRepository(db: Database) {
  async function assignHandle(userId: number, displayName: string): Promise<string | null> {
    for (const candidate of handleCandidates(handleFromDisplayName(displayName), attemptsPerPerson)) {
      try {
        const [row] = await db
          .update(users)
          .set({ handle: candidate })
          .where(and(eq(users.id, userId), isNull(users.handle)))
          .returning({ handle: users.handle });
        // Nothing updated: someone gave this person a handle meanwhile.
        return row?.handle ?? null;
      } catch (error) {
        if (!isUniqueViolation(error, 'users_handle_unique')) throw error;
      }
    }
    return null;
  }

  return {
    assignHandle,

    /** Gives a handle to everyone who has none yet (accounts from before handles, or created directly). */
    async assignMissingHandles(): Promise<number> {
      const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(isNull(users.handle)).orderBy(asc(users.id));
      let assigned = 0;
      for (const row of rows) if (await assignHandle(row.id, row.displayName)) assigned += 1;
      return assigned;
    },
  };
}
