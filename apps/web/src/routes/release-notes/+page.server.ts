import type { PageServerLoad } from './$types';
import { listReleaseNotes } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const filter = {
    board: params.get('board') ?? undefined,
    version: params.get('version')?.trim() || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  };
  const cursor = params.get('cursor') || undefined;
  const result = await listReleaseNotes(event, { ...filter, cursor });
  if (!result.ok) throwLoadError(event, result);
  return { ...result.data, filter, isFirstPage: !cursor, now: Date.now() };
};
