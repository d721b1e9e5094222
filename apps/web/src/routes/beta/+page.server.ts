import type { PageServerLoad } from './$types';
import { listBetaPrograms } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';

export const load: PageServerLoad = async (event) => {
  const [result, timeZone] = await Promise.all([listBetaPrograms(event), readerTimeZone(event)]);
  if (!result.ok) throwLoadError(event, result);
  return { programs: result.data.items, canManage: result.data.canManage, timeZone, now: Date.now() };
};
