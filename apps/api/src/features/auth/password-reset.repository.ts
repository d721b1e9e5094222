import { and, eq, isNull } from 'drizzle-orm';
import { auditLog, mailOutbox, passwordResets, sessions, users, type Database } from '@townhall/db';

/** The mail that carries a reset link, written by the caller once it knows who it is for. */
export type ResetMail = (person: { email: string; displayName: string }) => { subject: string; text: string };

/** Mails carrying a reset link: their key starts with this, and the admin outbox hides their text. */
export const resetMailKeyPrefix = 'password-reset:';

export function createPasswordResetRepository(db: Database) {
  return {
    /**
     * A reset link for the active account with this (normalized) e-mail, replacing an older one,
     * and its mail queued in the same transaction. Nothing, and null, when there is no such
     * account or when the last link is younger than `cooldownMs` (so nobody can flood an inbox).
     */
    async create(input: { email: string; tokenId: string; now: Date; lifetimeMs: number; cooldownMs: number; mail: ResetMail }) {
      return db.transaction(async (tx) => {
        // Locked, so two requests at once make one link and one mail.
        const [user] = await tx
          .select({ id: users.id, email: users.email, displayName: users.displayName })
          .from(users)
          .where(and(eq(users.email, input.email), isNull(users.deactivatedAt)))
          .for('update');
        if (!user) return null;
        const [previous] = await tx.select({ createdAt: passwordResets.createdAt }).from(passwordResets).where(eq(passwordResets.userId, user.id));
        if (previous && input.now.getTime() - previous.createdAt.getTime() < input.cooldownMs) return null;
        const link = { id: input.tokenId, expiresAt: new Date(input.now.getTime() + input.lifetimeMs), createdAt: input.now };
        await tx
          .insert(passwordResets)
          .values({ ...link, userId: user.id })
          .onConflictDoUpdate({ target: passwordResets.userId, set: link });
        const mail = input.mail(user);
        await tx.insert(mailOutbox).values({
          userId: user.id,
          toAddress: user.email,
          subject: mail.subject,
          textBody: mail.text,
          dedupeKey: `${resetMailKeyPrefix}${input.tokenId}`,
          sendAfter: input.now,
        });
        return { userId: user.id };
      });
    },

    /**
     * Uses a reset link, once: the new password, every session ended, an audit entry. Null when
     * the link is unknown, used, expired (it is removed all the same) or its account deactivated.
     */
    async use(input: { tokenId: string; passwordHash: string; now: Date }): Promise<number | null> {
      return db.transaction(async (tx) => {
        const [link] = await tx.delete(passwordResets).where(eq(passwordResets.id, input.tokenId)).returning({ userId: passwordResets.userId, expiresAt: passwordResets.expiresAt });
        if (!link || link.expiresAt.getTime() <= input.now.getTime()) return null;
        const [user] = await tx
          .update(users)
          .set({ passwordHash: input.passwordHash })
          .where(and(eq(users.id, link.userId), isNull(users.deactivatedAt)))
          .returning({ id: users.id });
        if (!user) return null;
        await tx.delete(sessions).where(eq(sessions.userId, user.id));
        await tx.insert(auditLog).values({ actorId: user.id, action: 'account.password_reset', subjectType: 'user', subjectId: String(user.id) });
        return user.id;
      });
    },
  };
}
