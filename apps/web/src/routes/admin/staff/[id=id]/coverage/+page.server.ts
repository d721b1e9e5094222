import type { Actions, PageServerLoad } from './$types';
import { getCoverage } from '$lib/server/api';
import { saveCoverageFromForm } from '$lib/server/coverage-form';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const coverage = await getCoverage(event, Number(event.params.id));
  if (!coverage.ok) throwLoadError(event, coverage);
  return { coverage: coverage.data };
};

export const actions = {
  save: async (event) => saveCoverageFromForm(event, Number(event.params.id)),
} satisfies Actions;
