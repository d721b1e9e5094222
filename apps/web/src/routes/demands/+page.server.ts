import type { PageServerLoad } from './$types';
import { listDemands } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

const filterNames = ['status', 'kind', 'verdict', 'weighted', 'sort', 'order'] as const;

export const load: PageServerLoad = async (event) => {
  const params = Object.fromEntries(filterNames.map((name) => [name, event.url.searchParams.get(name) || null])) as Record<(typeof filterNames)[number], string | null>;
  const result = await listDemands(event, params);
  if (!result.ok) throwLoadError(event, result);
  return {
    list: result.data,
    view: {
      status: params.status ?? 'open',
      kind: params.kind ?? '',
      verdict: params.verdict ?? '',
      weighted: result.data.weighted,
      sort: params.sort ?? 'size',
      order: params.order ?? 'desc',
    },
  };
};
