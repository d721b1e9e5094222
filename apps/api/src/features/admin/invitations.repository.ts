import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { invitations, newestFirst, organizations, users, type Database } from '@townhall/db';
import { invitationState, type InvitationCursor, type MemberRole } from '@townhall/domain';
import { writeAdminAudit } from './audit.repository.ts';

const creators = alias(users, 'creators');
const usedBy = alias(users, 'used_by');
const revokedBy = alias(users, 'revoked_by');

const adminInvitationColumns = {
  id: invitations.id,
  organizationId: invitations.organizationId,
  organizationName: organizations.name,
  role: invitations.role,
  createdAt: invitations.createdAt,
  createdById: invitations.createdById,
  createdByName: creators.displayName,
  expiresAt: invitations.expiresAt,
  usedAt: invitations.usedAt,
  usedById: usedBy.id,
  usedByName: usedBy.displayName,
  revokedAt: invitations.revokedAt,
  revokedById: revokedBy.id,
  revokedByName: revokedBy.displayName,
};

/** Whether an invitation can no longer be used at `asOf`: used, revoked or expired. */
const closedAt = (asOf: Date) =>
  sql<boolean>`(${invitations.usedAt} is not null or ${invitations.revokedAt} is not null or ${invitations.expiresAt} <= ${asOf.toISOString()}::timestamptz)`;

export function createInvitationsRepository(db: Database) {
  const selectForAdmin = () =>
    db
      .select(adminInvitationColumns)
      .from(invitations)
      .innerJoin(creators, eq(creators.id, invitations.createdById))
      .leftJoin(organizations, eq(organizations.id, invitations.organizationId))
      .leftJoin(usedBy, eq(usedBy.id, invitations.usedById))
      .leftJoin(revokedBy, eq(revokedBy.id, invitations.revokedById))
      .$dynamic();

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

    /**
     * Invitations for the admin list: those still usable at `asOf` first, then the used, revoked
     * and expired ones, newest first within each, by keyset after `after`. The order depends on
     * `asOf`, so no index serves it: each page sorts the workspace's invitations, which admins
     * create by hand (thousands sort in milliseconds).
     */
    async list({ asOf, after, limit }: { asOf: Date; after: InvitationCursor | null; limit: number }) {
      const closed = closedAt(asOf);
      const afterCursor = after
        ? sql`(${closed} > ${after.closed} or (${closed} = ${after.closed} and (${invitations.createdAt}, ${invitations.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id})))`
        : undefined;
      return selectForAdmin()
        .where(afterCursor)
        .orderBy(closed, newestFirst(invitations.createdAt), newestFirst(invitations.id))
        .limit(limit);
    },

    /** One invitation as the admin list shows it. */
    async findForAdmin(id: string) {
      const [row] = await selectForAdmin().where(eq(invitations.id, id));
      return row ?? null;
    },

    /**
     * Revokes a pending invitation, audited in the same transaction. The update re-checks under
     * the row lock that it is still unused, so it and a sign-up claiming the same link cannot both
     * win: whichever commits first decides.
     */
    async revoke({ id, actorId, now }: { id: string; actorId: number; now: Date }): Promise<
      { ok: true } | { ok: false; reason: 'unknown' | 'used' | 'revoked' | 'expired' }
    > {
      return db.transaction(async (tx) => {
        const [revoked] = await tx
          .update(invitations)
          .set({ revokedAt: now, revokedById: actorId })
          .where(and(eq(invitations.id, id), isNull(invitations.usedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
          .returning({ organizationId: invitations.organizationId, role: invitations.role });
        if (!revoked) {
          const [existing] = await tx
            .select({ usedAt: invitations.usedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt })
            .from(invitations)
            .where(eq(invitations.id, id));
          if (!existing) return { ok: false as const, reason: 'unknown' as const };
          const state = invitationState({ ...existing, now });
          return { ok: false as const, reason: state === 'valid' ? ('revoked' as const) : state };
        }
        await writeAdminAudit(tx, {
          actorId,
          action: 'invitation.revoked',
          subjectType: 'invitation',
          subjectId: id,
          details: { organizationId: revoked.organizationId, role: revoked.role },
        });
        return { ok: true as const };
      });
    },

    /** The invitation stored under `id` (the token's hash) with its organization's name. */
    async find(id: string) {
      const [row] = await db
        .select({
          role: invitations.role,
          expiresAt: invitations.expiresAt,
          usedAt: invitations.usedAt,
          revokedAt: invitations.revokedAt,
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
export type AdminInvitationRow = NonNullable<Awaited<ReturnType<InvitationsRepository['findForAdmin']>>>;
