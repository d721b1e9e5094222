import { and, eq, isNull } from 'drizzle-orm';
import { auditLog, passwordResets, sessions, users, type Database } from '@townhall/db';
import { createMailedLinks, type LinkMail } from './mailed-links.repository.ts';

/** Mails carrying a reset link: their key starts with this, and the admin outbox hides their text. */
export const resetMailKeyPrefix = 'password-reset:';

export function createPasswordResetRepository(db: Database) {
  const links = createMailedLinks(db, passwordResets, resetMailKeyPrefix);
  return {
    /** A reset link, and its mail, for the active account with this (normalized) e-mail; see `issue`. */
    create(input: { email: string; tokenId: string; now: Date; lifetimeMs: number; cooldownMs: number; mail: LinkMail }) {
      return links.issue({ ...input, who: and(eq(users.email, input.email), isNull(users.deactivatedAt))! });
    },

    /**
     * Uses a reset link, once: the new password, every session ended, an audit entry. Null when
     * the link is unknown, used, expired or its account deactivated.
     */
    async use(input: { tokenId: string; passwordHash: string; now: Date }): Promise<number | null> {
      return db.transaction(async (tx) => {
        const userId = await links.take(tx, input.tokenId, input.now);
        if (userId === null) return null;
        const [user] = await tx
          .update(users)
          .set({ passwordHash: input.passwordHash })
          .where(and(eq(users.id, userId), isNull(users.deactivatedAt)))
          .returning({ id: users.id });
        if (!user) return null;
        await tx.delete(sessions).where(eq(sessions.userId, user.id));
        await tx.insert(auditLog).values({ actorId: user.id, action: 'account.password_reset', subjectType: 'user', subjectId: String(user.id) });
        return user.id;
      });
    },
  };
}
