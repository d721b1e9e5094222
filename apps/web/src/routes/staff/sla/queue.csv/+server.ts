import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exportSlaQueueCsv } from '$lib/server/api';

/** The queue as a CSV download, with the page's filters. */
export const GET: RequestHandler = async (event) => {
  const search = event.url.searchParams;
  const result = await exportSlaQueueCsv(event, { board: search.get('board'), tier: search.get('tier'), assignee: search.get('assignee'), view: search.get('view') });
  if (!result.ok) error(result.status, result.error.message);
  return new Response(result.data, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="sla-queue.csv"' },
  });
};
