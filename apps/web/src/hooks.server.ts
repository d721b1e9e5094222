import type { Handle } from '@sveltejs/kit';
import { sessionCookieName } from '@townhall/contracts/session';
import { getMe } from '$lib/server/api';

export const handle: Handle = async ({ event, resolve }) => {
  // Without a session cookie the API can only answer "guest": no need to ask it.
  if (event.cookies.get(sessionCookieName) === undefined) {
    event.locals.user = null;
    return resolve(event);
  }
  const me = await getMe(event);
  // Only 401 means "guest"; any other failure also renders the page as a guest, and the page's own
  // API calls then surface the problem through the error page.
  if (!me.ok && me.status !== 401) console.error(`GET /api/me failed with ${me.status} ${me.error.code}`);
  event.locals.user = me.ok ? me.data.user : null;
  return resolve(event);
};
