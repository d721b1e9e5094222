import { eq } from 'drizzle-orm';
import { organizations, users, type Database } from '@townhall/db';

export function createPersonCardRepository(db: Database) {
  return {
    /** A person and their organization, in one query; the route decides what the reader sees. */
    async find(id: number) {
      const [row] = await db
        .select({
          id: users.id,
          displayName: users.displayName,
          handle: users.handle,
          email: users.email,
          role: users.role,
          organizationName: organizations.name,
          tier: organizations.tier,
          lifecycleStage: organizations.lifecycleStage,
          renewalOn: organizations.renewalOn,
        })
        .from(users)
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(eq(users.id, id));
      return row ?? null;
    },
  };
}

export type PersonCardRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createPersonCardRepository>['find']>>>;
