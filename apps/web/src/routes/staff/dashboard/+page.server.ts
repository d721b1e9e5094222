import type { PageServerLoad } from './$types';
import { getNextCheckIn, getSlaMetrics, listBoards } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';
import { readSlaMetricsFilter } from '$lib/server/sla-metrics-filter';

export const load: PageServerLoad = async (event) => {
  const filter = readSlaMetricsFilter(event.url.searchParams);
  const [checkIn, metrics, boards] = await Promise.all([getNextCheckIn(event), getSlaMetrics(event, filter), listBoards(event)]);
  if (!checkIn.ok) throwLoadError(event, checkIn);
  if (!boards.ok) throwLoadError(event, boards);
  // A bad period is the reader's to fix in the form, not an error page.
  if (!metrics.ok && metrics.status !== 400) throwLoadError(event, metrics);
  return {
    checkIn: checkIn.data,
    metrics: metrics.ok ? metrics.data : null,
    metricsError: metrics.ok ? null : metrics.error.message,
    filter,
    boards: boards.data.boards.filter((board) => board.kind === 'qa'),
  };
};
