import type { PageServerLoad } from './$types';
import { getInvitation } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await getInvitation(event, event.params.token);
  if (result.ok) return { invitation: result.data, problem: null, token: event.params.token };
  // Used, expired and unknown links get a page that says so, not an error page.
  if (result.status === 404 || result.status === 410) {
    event.setHeaders({ 'cache-control': 'no-store' });
    return { invitation: null, problem: result.error.message, token: event.params.token };
  }
  throwLoadError(event, result);
};
