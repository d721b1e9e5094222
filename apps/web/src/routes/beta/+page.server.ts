import type { PageServerLoad } from './$types';
import { listBetaPrograms } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await listBetaPrograms(event);
  if (!result.ok) throwLoadError(event, result);
  return { programs: result.data.items, canManage: result.data.canManage };
};
