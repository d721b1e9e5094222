import { and, eq, isNull } from 'drizzle-orm';
import { auditLog, emailVerifications, users, type Database } from '@townhall/db';
import { emailDomain } from '@townhall/domain';
import { organizationIdForDomain } from './auth.repository.ts';
import { createMailedLinks, type LinkMail } from './mailed-links.repository.ts';

export function createEmailVerificationRepository(db: Database) {
  const links = createMailedLinks(db, emailVerifications, 'email-verification:');
  return {
    /** A confirmation link, and its mail, for a person whose address is not confirmed yet; see `issue`. */
    issue(input: { userId: number; tokenId: string; now: Date; lifetimeMs: number; cooldownMs: number; mail: LinkMail }) {
      return links.issue({ ...input, who: and(eq(users.id, input.userId), isNull(users.emailVerifiedAt), isNull(users.deactivatedAt))! });
    },

    /**
     * Confirms the address of a link, once: the person joins the organization their e-mail domain
     * maps to (unless they already belong to one), audited. Null when the link is unknown, used,
     * expired or its account deactivated.
     */
    async confirm(input: { tokenId: string; now: Date }): Promise<{ userId: number; joinedOrganizationId: number | null } | null> {
      return db.transaction(async (tx) => {
        const userId = await links.take(tx, input.tokenId, input.now);
        if (userId === null) return null;
        const [user] = await tx
          .update(users)
          .set({ emailVerifiedAt: input.now })
          .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt), isNull(users.deactivatedAt)))
          .returning({ id: users.id, email: users.email, role: users.role, organizationId: users.organizationId });
        if (!user) return null;
        let joinedOrganizationId: number | null = null;
        if (user.organizationId === null && user.role === 'customer') {
          joinedOrganizationId = await organizationIdForDomain(tx, emailDomain(user.email));
          if (joinedOrganizationId !== null) await tx.update(users).set({ organizationId: joinedOrganizationId }).where(eq(users.id, user.id));
        }
        await tx.insert(auditLog).values({
          actorId: user.id,
          action: 'account.email_verified',
          subjectType: 'user',
          subjectId: String(user.id),
          details: { joinedOrganizationId },
        });
        return { userId: user.id, joinedOrganizationId };
      });
    },
  };
}
