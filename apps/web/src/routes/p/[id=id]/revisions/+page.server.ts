import type { PageServerLoad } from './$types';
import { getPostRevisions } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await getPostRevisions(event, Number(event.params.id));
  if (!result.ok) throwLoadError(event, result);
  return { history: result.data, now: Date.now() };
};
