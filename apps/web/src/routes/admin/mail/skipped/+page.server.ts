import type { PageServerLoad } from './$types';
import { listSkippedEmails } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';

export const load: PageServerLoad = async (event) => {
  const email = event.url.searchParams.get('email')?.trim() || null;
  const [result, timeZone] = await Promise.all([listSkippedEmails(event, { cursor: event.url.searchParams.get('cursor'), email }), readerTimeZone(event)]);
  if (!result.ok) throwLoadError(event, result);
  // Admins read when on the workspace's clock; `now` makes server and browser agree.
  return { page: result.data, email, timeZone, now: Date.now() };
};
