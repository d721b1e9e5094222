import { and, inArray, isNull } from 'drizzle-orm';
import { users, type Database } from '@townhall/db';

export function createStaffContactsRepository(db: Database) {
  return {
    /** The e-mail address of each active person among `userIds`. */
    async emails(userIds: number[]): Promise<Map<number, string>> {
      if (userIds.length === 0) return new Map();
      const rows = await db.select({ id: users.id, email: users.email }).from(users).where(and(inArray(users.id, userIds), isNull(users.deactivatedAt)));
      return new Map(rows.map((row) => [row.id, row.email]));
    },
  };
}
