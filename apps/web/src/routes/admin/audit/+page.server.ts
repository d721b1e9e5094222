import type { PageServerLoad } from './$types';
import { listAuditLog } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await listAuditLog(event, event.url.searchParams.get('cursor'));
  if (!result.ok) throwLoadError(event, result);
  return { log: result.data };
};
