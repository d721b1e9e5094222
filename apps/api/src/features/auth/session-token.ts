import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

export { sessionCookieName } from '@townhall/contracts';
const day = 24 * 60 * 60 * 1000;
/** Sessions last 30 days and slide forward when used in their second half (Lucia's guide). */
export const sessionLifetimeMs = 30 * day;
export const sessionRenewWithinMs = 15 * day;

/** A new random token for the cookie: 20 bytes, 160 bits of entropy. */
export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/** The session's database id: only the token's hash is ever stored. */
export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Whether a session due to expire at `expiresAt` should be extended at `now`. */
export function shouldRenewSession(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() - now.getTime() < sessionRenewWithinMs;
}
