import { eq, type SQL } from 'drizzle-orm';
import { mailOutbox, users, type Database, type Transaction, type emailVerifications, type passwordResets } from '@townhall/db';

/** The mail that carries a link, written by the caller once it knows who it is for. */
export type LinkMail = (person: { email: string; displayName: string }) => { subject: string; text: string };

/** The tables of links mailed to people; `mailedLinks` in the schema gives them one shape. */
export type MailedLinksTable = typeof emailVerifications | typeof passwordResets;

/**
 * Links mailed to people (e-mail confirmation, password reset), kept in `table` by the SHA-256 of
 * their token. Their mails are keyed `<mailKeyPrefix><token hash>`, so a retried job sends once.
 */
export function createMailedLinks(db: Database, table: MailedLinksTable, mailKeyPrefix: string) {
  // Both tables are made by the same function in the schema; drizzle types them by their names.
  const links = table as typeof passwordResets;
  return {
    /**
     * A link for the one active person `who` selects, replacing theirs, and its mail queued in the
     * same transaction (the person's row is locked, so two requests at once make one link and one
     * mail). Nothing, and null, when nobody matches or their last link is younger than `cooldownMs`
     * (so nobody can flood an inbox).
     */
    async issue(input: { who: SQL; tokenId: string; now: Date; lifetimeMs: number; cooldownMs: number; mail: LinkMail }) {
      return db.transaction(async (tx) => {
        const [user] = await tx.select({ id: users.id, email: users.email, displayName: users.displayName }).from(users).where(input.who).for('update');
        if (!user) return null;
        const [previous] = await tx.select({ createdAt: links.createdAt }).from(links).where(eq(links.userId, user.id));
        if (previous && input.now.getTime() - previous.createdAt.getTime() < input.cooldownMs) return null;
        const link = { id: input.tokenId, expiresAt: new Date(input.now.getTime() + input.lifetimeMs), createdAt: input.now };
        await tx.insert(links).values({ ...link, userId: user.id }).onConflictDoUpdate({ target: links.userId, set: link });
        const mail = input.mail(user);
        await tx.insert(mailOutbox).values({
          userId: user.id,
          toAddress: user.email,
          subject: mail.subject,
          textBody: mail.text,
          dedupeKey: `${mailKeyPrefix}${input.tokenId}`,
          sendAfter: input.now,
        });
        return { userId: user.id };
      });
    },

    /**
     * Uses a link in the caller's transaction, once: its person's id, or null when it is unknown,
     * used or expired (an expired one is removed all the same). The delete decides between two
     * racing uses.
     */
    async take(tx: Transaction, tokenId: string, now: Date): Promise<number | null> {
      const [link] = await tx.delete(links).where(eq(links.id, tokenId)).returning({ userId: links.userId, expiresAt: links.expiresAt });
      return link && link.expiresAt.getTime() > now.getTime() ? link.userId : null;
    },
  };
}
