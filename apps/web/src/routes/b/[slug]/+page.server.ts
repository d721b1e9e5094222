import type { PageServerLoad } from './$types';
import { listTopics } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const cursor = event.url.searchParams.get('cursor');
  const result = await listTopics(event, event.params.slug, cursor);
  if (!result.ok) throwLoadError(event, result);
  return { ...result.data, isFirstPage: !cursor, now: Date.now() };
};
