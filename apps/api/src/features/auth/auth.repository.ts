import { eq } from 'drizzle-orm';
import { auditLog, organizationDomains, organizations, sessions, users, type Database } from '@townhall/db';
import type { LifecycleStage, MemberRole, OrganizationTier } from '@townhall/domain';

export type AccountUser = {
  id: number;
  email: string;
  displayName: string;
  role: MemberRole;
  deactivatedAt: Date | null;
  organization: { id: number; name: string; tier: OrganizationTier; lifecycleStage: LifecycleStage } | null;
};

const accountColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  deactivatedAt: users.deactivatedAt,
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
    organization:
      row.organizationId === null
        ? null
        : { id: row.organizationId, name: row.organizationName!, tier: row.tier!, lifecycleStage: row.lifecycleStage! },
  };
}

export function createAuthRepository(db: Database) {
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
     * Creates a customer account, joining the organization its e-mail domain maps to.
     * Answers null when the e-mail is taken (the unique index decides, so concurrent sign-ups
     * with one address cannot both win).
     */
    async createCustomer(input: { email: string; domain: string; displayName: string; passwordHash: string }) {
      return db.transaction(async (tx) => {
        const [mapped] = await tx
          .select({ organizationId: organizationDomains.organizationId })
          .from(organizationDomains)
          .where(eq(organizationDomains.domain, input.domain));
        const [created] = await tx
          .insert(users)
          .values({
            email: input.email,
            displayName: input.displayName,
            passwordHash: input.passwordHash,
            role: 'customer',
            organizationId: mapped?.organizationId ?? null,
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

    async findAccount(userId: number) {
      const [row] = await db
        .select(accountColumns)
        .from(users)
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(eq(users.id, userId));
      return row ? toAccountUser(row) : null;
    },

    async createSession(session: { id: string; userId: number; expiresAt: Date }) {
      await db.insert(sessions).values(session);
    },

    /** The session and its person in one query. */
    async findSession(sessionId: string) {
      const [row] = await db
        .select({ ...accountColumns, sessionExpiresAt: sessions.expiresAt })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .leftJoin(organizations, eq(organizations.id, users.organizationId))
        .where(eq(sessions.id, sessionId));
      return row ? { expiresAt: row.sessionExpiresAt, user: toAccountUser(row) } : null;
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
