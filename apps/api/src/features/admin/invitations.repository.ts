import { eq } from 'drizzle-orm';
import { invitations, organizations, type Database } from '@townhall/db';
import type { MemberRole } from '@townhall/domain';
import { writeAdminAudit } from './audit.repository.ts';

export function createInvitationsRepository(db: Database) {
  return {
    /**
     * Stores an invitation under the hash of its token. Answers the organization's name, or
     * 'organization_not_found'.
     */
    async create(input: {
      id: string;
      organizationId: number | null;
      role: MemberRole;
      expiresAt: Date;
      actorId: number;
    }): Promise<{ organization: { id: number; name: string } | null } | 'organization_not_found'> {
      return db.transaction(async (tx) => {
        let organization: { id: number; name: string } | null = null;
        if (input.organizationId !== null) {
          const [found] = await tx
            .select({ id: organizations.id, name: organizations.name })
            .from(organizations)
            .where(eq(organizations.id, input.organizationId));
          if (!found) return 'organization_not_found' as const;
          organization = found;
        }
        await tx.insert(invitations).values({
          id: input.id,
          organizationId: input.organizationId,
          role: input.role,
          createdById: input.actorId,
          expiresAt: input.expiresAt,
        });
        await writeAdminAudit(tx, {
          actorId: input.actorId,
          action: 'invitation.created',
          // The id is the token's hash, which is safe to log; the token is not.
          subjectType: 'invitation',
          subjectId: input.id,
          details: { organizationId: input.organizationId, role: input.role, expiresAt: input.expiresAt.toISOString() },
        });
        return { organization };
      });
    },

    /** The invitation stored under `id` (the token's hash) with its organization's name. */
    async find(id: string) {
      const [row] = await db
        .select({
          role: invitations.role,
          expiresAt: invitations.expiresAt,
          usedAt: invitations.usedAt,
          organizationName: organizations.name,
        })
        .from(invitations)
        .leftJoin(organizations, eq(organizations.id, invitations.organizationId))
        .where(eq(invitations.id, id));
      return row ?? null;
    },
  };
}

export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;
