import type { PageServerLoad } from './$types';
import { listSkippedEmails } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const email = event.url.searchParams.get('email')?.trim() || null;
  const result = await listSkippedEmails(event, { cursor: event.url.searchParams.get('cursor'), email });
  if (!result.ok) throwLoadError(event, result);
  return { page: result.data, email, now: Date.now() };
};
