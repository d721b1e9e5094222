/**
 * How the live socket tells a page why it closed. A module of its own, so the pages' browser code
 * imports it without the schemas.
 */

/** The socket's session ended (signed out, expired, deactivated): the page reloads its data and reconnects as whoever it is now. */
export const liveSessionEndedCloseCode = 4401;
