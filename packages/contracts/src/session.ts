/**
 * The cookie that carries the session token: set by the API, read by the pages to tell guests
 * apart without asking. A module of its own, so the pages import it without the schemas.
 */
export const sessionCookieName = 'townhall_session';
