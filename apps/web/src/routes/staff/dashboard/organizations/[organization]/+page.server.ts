import type { PageServerLoad } from './$types';
import { getOrganizationSlaReport } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';
import { readSlaMetricsFilter } from '$lib/server/sla-metrics-filter';

export const load: PageServerLoad = async (event) => {
  const filter = readSlaMetricsFilter(event.url.searchParams);
  const report = await getOrganizationSlaReport(event, event.params.organization, filter);
  if (!report.ok) throwLoadError(event, report);
  return { report: report.data, filter, now: Date.now() };
};
