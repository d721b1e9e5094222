import type { PageServerLoad } from './$types';
import { listSkippedEmails } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await listSkippedEmails(event, event.url.searchParams.get('cursor'));
  if (!result.ok) throwLoadError(event, result);
  return { page: result.data, now: Date.now() };
};
