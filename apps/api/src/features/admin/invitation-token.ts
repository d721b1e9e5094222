import { generateSessionToken, sessionIdFromToken } from '../auth/session-token.ts';

/** A new invitation token: as random as a session token (160 bits). */
export const generateInvitationToken = generateSessionToken;

/** The invitation's database id: only the token's SHA-256 is stored, like sessions. */
export const invitationIdFromToken = sessionIdFromToken;

/** The page an invitee opens. */
export function invitationLink(token: string): string {
  return `/invite/${token}`;
}
