import type { PageServerLoad } from './$types';
import { search } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

/** The search form's fields, straight from the query string (a plain GET form, no JS needed). */
const searchKeys = ['q', 'board', 'kind', 'status', 'tag', 'from', 'to'] as const;
export type SearchView = Record<(typeof searchKeys)[number], string>;

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const view = Object.fromEntries(searchKeys.map((key) => [key, (params.get(key) ?? '').trim()])) as SearchView;
  const cursor = params.get('cursor');
  if (!view.q) return { view, results: null, nextCursor: null, problem: null, isFirstPage: true };
  const result = await search(event, { ...view, cursor });
  if (!result.ok) {
    // A bad filter or too many searches: say so above the form, keep what was typed.
    if (result.status === 400 || result.status === 429) {
      return { view, results: null, nextCursor: null, problem: result.error.message, isFirstPage: !cursor };
    }
    throwLoadError(event, result);
  }
  return { view, results: result.data.items, nextCursor: result.data.nextCursor, problem: null, isFirstPage: !cursor };
};
