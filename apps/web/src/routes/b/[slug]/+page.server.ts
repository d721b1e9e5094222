import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { boardPath } from '$lib/board-path';
import { getWatch, listTopics } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

/** The list options a board page understands, straight from its query string. */
const listKeys = ['sort', 'filter', 'tag', 'tier'] as const;

export const load: PageServerLoad = async (event) => {
  const search = event.url.searchParams;
  const view = Object.fromEntries(listKeys.map((key) => [key, search.get(key) ?? ''])) as Record<(typeof listKeys)[number], string>;
  const cursor = search.get('cursor');
  const result = await listTopics(event, event.params.slug, { ...view, cursor });
  if (!result.ok) throwLoadError(event, result);
  // Release notes and beta programs have pages of their own.
  const ownPage = boardPath(result.data.board);
  if (!ownPage.startsWith('/b/')) redirect(307, ownPage);
  const watch = event.locals.user ? await getWatch(event, 'board', result.data.board.slug) : null;
  return { ...result.data, watchLevel: watch?.ok ? watch.data.level : null, view, isFirstPage: !cursor, now: Date.now() };
};
