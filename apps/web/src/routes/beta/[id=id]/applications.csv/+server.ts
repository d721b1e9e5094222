import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exportBetaApplicationsCsv } from '$lib/server/api';

/** The PM's download: the API's CSV, passed through with its file name. */
export const GET: RequestHandler = async (event) => {
  const id = Number(event.params.id);
  const result = await exportBetaApplicationsCsv(event, id);
  if (!result.ok) error(result.status, result.error.message);
  return new Response(result.data, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="beta-${id}-applications.csv"`,
    },
  });
};
