import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exportOrganizationBreachesCsv } from '$lib/server/api';
import { readSlaMetricsFilter } from '$lib/server/sla-metrics-filter';

/** An organization's breaches as a CSV download, with the report's period and filters. */
export const GET: RequestHandler = async (event) => {
  const result = await exportOrganizationBreachesCsv(event, event.params.organization, readSlaMetricsFilter(event.url.searchParams));
  if (!result.ok) error(result.status, result.error.message);
  const period = `${event.url.searchParams.get('from') ?? ''}-${event.url.searchParams.get('to') ?? ''}`.replace(/[^0-9-]/g, '');
  return new Response(result.data, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="sla-breaches-${event.params.organization.replace(/[^0-9a-z]/g, '')}${period === '-' ? '' : `-${period}`}.csv"`,
    },
  });
};
