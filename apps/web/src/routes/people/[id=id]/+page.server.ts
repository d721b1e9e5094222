import type { PageServerLoad } from './$types';
import { getPersonCard } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await getPersonCard(event, Number(event.params.id));
  if (!result.ok) throwLoadError(event, result);
  return { person: result.data };
};
