/**
 * How the live socket tells a page why it closed. A module of its own, so the pages' browser code
 * imports it without the schemas.
 */

/** The socket's session ended (signed out, expired, deactivated): the page reloads its data and reconnects as whoever it is now. */
export const liveSessionEndedCloseCode = 4401;

/**
 * Refused on opening: this person (or, for guests, this client address) already holds as many
 * live sockets on the server as it may. The page waits longer than usual before trying again.
 */
export const liveTooManySocketsCloseCode = 4429;
