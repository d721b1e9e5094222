import { and, eq, isNull } from 'drizzle-orm';
import { auditLog, emailVerifications, mailOutbox, users, type Database } from '@townhall/db';
import { emailDomain } from '@townhall/domain';
import { organizationIdForDomain } from './auth.repository.ts';

/** The mail that carries a confirmation link, written by the caller once it knows who it is for. */
export type VerificationMail = (person: { email: string; displayName: string }) => { subject: string; text: string };

export function createEmailVerificationRepository(db: Database) {
  return {
    /**
     * A confirmation link for a person whose address is not confirmed yet, replacing an older
     * one, with its mail queued in the same transaction. Null when there is nothing to confirm
     * (confirmed, deactivated, unknown) or the last link is younger than `cooldownMs`.
     */
    async issue(input: { userId: number; tokenId: string; now: Date; lifetimeMs: number; cooldownMs: number; mail: VerificationMail }) {
      return db.transaction(async (tx) => {
        const [user] = await tx
          .select({ id: users.id, email: users.email, displayName: users.displayName })
          .from(users)
          .where(and(eq(users.id, input.userId), isNull(users.emailVerifiedAt), isNull(users.deactivatedAt)))
          .for('update');
        if (!user) return null;
        const [previous] = await tx.select({ createdAt: emailVerifications.createdAt }).from(emailVerifications).where(eq(emailVerifications.userId, user.id));
        if (previous && input.now.getTime() - previous.createdAt.getTime() < input.cooldownMs) return null;
        const link = { id: input.tokenId, expiresAt: new Date(input.now.getTime() + input.lifetimeMs), createdAt: input.now };
        await tx.insert(emailVerifications).values({ ...link, userId: user.id }).onConflictDoUpdate({ target: emailVerifications.userId, set: link });
        const mail = input.mail(user);
        await tx.insert(mailOutbox).values({
          userId: user.id,
          toAddress: user.email,
          subject: mail.subject,
          textBody: mail.text,
          dedupeKey: `email-verification:${input.tokenId}`,
          sendAfter: input.now,
        });
        return { userId: user.id };
      });
    },

    /**
     * Confirms the address of a link, once: the person joins the organization their e-mail domain
     * maps to (unless they already belong to one), audited. Null when the link is unknown, used,
     * expired (it is removed all the same) or its account deactivated.
     */
    async confirm(input: { tokenId: string; now: Date }): Promise<{ userId: number; joinedOrganizationId: number | null } | null> {
      return db.transaction(async (tx) => {
        const [link] = await tx
          .delete(emailVerifications)
          .where(eq(emailVerifications.id, input.tokenId))
          .returning({ userId: emailVerifications.userId, expiresAt: emailVerifications.expiresAt });
        if (!link || link.expiresAt.getTime() <= input.now.getTime()) return null;
        const [user] = await tx
          .update(users)
          .set({ emailVerifiedAt: input.now })
          .where(and(eq(users.id, link.userId), isNull(users.emailVerifiedAt), isNull(users.deactivatedAt)))
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
