import type { PageServerLoad } from './$types';
import { listOutbox } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const status = event.url.searchParams.get('status');
  const result = await listOutbox(event, { cursor: event.url.searchParams.get('cursor'), status });
  if (!result.ok) throwLoadError(event, result);
  return { page: result.data, status, now: Date.now() };
};
