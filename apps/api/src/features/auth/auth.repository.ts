import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { auditLog, invitations, organizationDomains, organizations, sessions, users, type Database, type Transaction } from '@townhall/db';
import { invitationState, type LifecycleStage, type MemberRole, type OrganizationTier } from '@townhall/domain';

export type AccountUser = {
  id: number;
  email: string;
  displayName: string;
  role: MemberRole;
  deactivatedAt: Date | null;
  emailVerifiedAt: Date | null;
  organization: { id: number; name: string; tier: OrganizationTier; lifecycleStage: LifecycleStage } | null;
};

const accountColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  deactivatedAt: users.deactivatedAt,
  emailVerifiedAt: users.emailVerifiedAt,
  organizationId: organizations.id,
  organizationName: organizations.name,
  tier: organizations.tier,
  lifecycleStage: organizations.lifecycleStage,
};

type AccountRow = {
  id: number;
  email: string;
  displayName: string;
  role: MemberRole;
  deactivatedAt: Date | null;
  emailVerifiedAt: Date | null;
  organizationId: number | null;
  organizationName: string | null;
  tier: OrganizationTier | null;
  lifecycleStage: LifecycleStage | null;
};

function toAccountUser(row: AccountRow): AccountUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    deactivatedAt: row.deactivatedAt,
    emailVerifiedAt: row.emailVerifiedAt,
    organization:
      row.organizationId === null
        ? null
        : { id: row.organizationId, name: row.organizationName!, tier: row.tier!, lifecycleStage: row.lifecycleStage! },
  };
}


/** The organization an e-mail domain maps to, if any. */
export async function organizationIdForDomain(tx: Transaction, domain: string): Promise<number | null> {
  const [mapped] = await tx
    .select({ organizationId: organizationDomains.organizationId })
    .from(organizationDomains)
    .where(eq(organizationDomains.domain, domain));
  return mapped?.organizationId ?? null;
}

export function createAuthRepository(db: Database) {
  // Every signed-in request looks its session up: the query is built once, and concurrent
  // requests' sessions are read together (plugins/auth.ts).
  const sessionsByIds = db
    .select({ ...accountColumns, sessionId: sessions.id, sessionExpiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(sql`${sessions.id} = any(${sql.placeholder('sessionIds')}::text[])`)
    .prepare('auth_find_sessions');
  return {
    async findCredentialsByEmail(email: string) {
      const [row] = await db
        .select({ ...accountColumns, passwordHash: users.passwordHash })
        .from(users)
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(eq(users.email, email));
      return row ? { user: toAccountUser(row), passwordHash: row.passwordHash } : null;
    },

    async findPasswordHash(userId: number) {
      const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
      return row?.passwordHash ?? null;
    },

    /**
     * Creates a customer account with its address not yet confirmed: it joins the organization its
     * e-mail domain maps to only once it is (see email-verification.repository.ts), so nobody joins
     * an organization with an address they cannot read. Answers null when the e-mail is taken
     * (the unique index decides, so concurrent sign-ups with one address cannot both win).
     */
    async createCustomer(input: { email: string; displayName: string; passwordHash: string }) {
      return db.transaction(async (tx) => {
        const [created] = await tx
          .insert(users)
          .values({
            email: input.email,
            displayName: input.displayName,
            passwordHash: input.passwordHash,
            role: 'customer',
            organizationId: null,
            emailVerifiedAt: null,
          })
          .onConflictDoNothing({ target: users.email })
          .returning({ id: users.id });
        if (!created) return null;
        await tx.insert(auditLog).values({
          actorId: created.id,
          action: 'account.signed_up',
          subjectType: 'user',
          subjectId: String(created.id),
        });
        return created.id;
      });
    },

    /**
     * Creates an account from an invitation: claims the invitation (only one claim of a token can
     * win, and neither a claim and a revoke: the update re-checks `used_at` and `revoked_at` under
     * the row lock), then creates the person with its
     * organization and role, all in one transaction. A taken e-mail rolls the claim back.
     */
    async createInvitedAccount(input: {
      email: string;
      displayName: string;
      passwordHash: string;
      invitationId: string;
      now: Date;
    }): Promise<{ ok: true; userId: number } | { ok: false; reason: 'EMAIL_TAKEN' | 'unknown' | 'used' | 'revoked' | 'expired' }> {
      const emailTaken = Symbol('email taken');
      try {
        return await db.transaction(async (tx) => {
          const [claimed] = await tx
            .update(invitations)
            .set({ usedAt: input.now })
            .where(
              and(
                eq(invitations.id, input.invitationId),
                isNull(invitations.usedAt),
                isNull(invitations.revokedAt),
                gt(invitations.expiresAt, input.now),
              ),
            )
            .returning({ organizationId: invitations.organizationId, role: invitations.role });
          if (!claimed) {
            const [existing] = await tx
              .select({ usedAt: invitations.usedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt })
              .from(invitations)
              .where(eq(invitations.id, input.invitationId));
            if (!existing) return { ok: false as const, reason: 'unknown' as const };
            const state = invitationState({ ...existing, now: input.now });
            return { ok: false as const, reason: state === 'valid' ? ('used' as const) : state };
          }
          // An invitation without an organization still lets a customer join by e-mail domain,
          // once the address is confirmed (an invitation link can be passed on).
          const organizationId = claimed.organizationId;
          const [created] = await tx
            .insert(users)
            .values({
              email: input.email,
              displayName: input.displayName,
              passwordHash: input.passwordHash,
              role: claimed.role,
              organizationId,
              emailVerifiedAt: null,
            })
            .onConflictDoNothing({ target: users.email })
            .returning({ id: users.id });
          if (!created) throw emailTaken;
          await tx.update(invitations).set({ usedById: created.id }).where(eq(invitations.id, input.invitationId));
          await tx.insert(auditLog).values({
            actorId: created.id,
            action: 'account.signed_up',
            subjectType: 'user',
            subjectId: String(created.id),
            details: { invitationId: input.invitationId, role: claimed.role, organizationId },
          });
          return { ok: true as const, userId: created.id };
        });
      } catch (error) {
        if (error === emailTaken) return { ok: false, reason: 'EMAIL_TAKEN' };
        throw error;
      }
    },

    async findAccount(userId: number) {
      const [row] = await db
        .select(accountColumns)
        .from(users)
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(eq(users.id, userId));
      return row ? toAccountUser(row) : null;
    },

    /** A new display name, audited with the old one; posts show it from now on (they join the person). */
    async rename(userId: number, displayName: string) {
      await db.transaction(async (tx) => {
        const [before] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId)).for('update');
        await tx.update(users).set({ displayName }).where(eq(users.id, userId));
        await tx.insert(auditLog).values({
          actorId: userId,
          action: 'account.renamed',
          subjectType: 'user',
          subjectId: String(userId),
          details: { from: before?.displayName ?? null, to: displayName },
        });
      });
    },

    async createSession(session: { id: string; userId: number; expiresAt: Date }) {
      await db.insert(sessions).values(session);
    },

    /** The sessions of `sessionIds` and their people, by session id, in one query. */
    async findSessions(sessionIds: string[]) {
      const rows = await sessionsByIds.execute({ sessionIds });
      return new Map(rows.map((row) => [row.sessionId, { expiresAt: row.sessionExpiresAt, user: toAccountUser(row) }]));
    },

    async extendSession(sessionId: string, expiresAt: Date) {
      await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId));
    },

    async deleteSession(sessionId: string) {
      await db.delete(sessions).where(eq(sessions.id, sessionId));
    },

    /**
     * Changes the password and ends every session of the person, atomically; the caller opens
     * a fresh session for the device that made the change.
     */
    async changePassword(input: { userId: number; passwordHash: string }) {
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash: input.passwordHash }).where(eq(users.id, input.userId));
        await tx.delete(sessions).where(eq(sessions.userId, input.userId));
        await tx.insert(auditLog).values({
          actorId: input.userId,
          action: 'account.password_changed',
          subjectType: 'user',
          subjectId: String(input.userId),
        });
      });
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
