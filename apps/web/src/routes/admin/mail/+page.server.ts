import type { PageServerLoad } from './$types';
import { listOutbox } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';

export const load: PageServerLoad = async (event) => {
  const status = event.url.searchParams.get('status');
  const [result, timeZone] = await Promise.all([listOutbox(event, { cursor: event.url.searchParams.get('cursor'), status }), readerTimeZone(event)]);
  if (!result.ok) throwLoadError(event, result);
  // Admins read when on the workspace's clock; `now` makes server and browser agree.
  return { page: result.data, status, timeZone, now: Date.now() };
};
