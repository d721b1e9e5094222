import type { PageServerLoad } from './$types';
import { getWatch, listReleaseNotes } from '$lib/server/api';
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
  const watch = event.locals.user ? await getWatch(event, 'board', result.data.board.slug) : null;
  return { ...result.data, watchLevel: watch?.ok ? watch.data.level : null, filter, isFirstPage: !cursor, now: Date.now() };
};
