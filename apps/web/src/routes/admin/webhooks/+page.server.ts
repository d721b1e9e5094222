import type { PageServerLoad } from './$types';
import { listWebhookDeliveries } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const status = event.url.searchParams.get('status');
  const result = await listWebhookDeliveries(event, { cursor: event.url.searchParams.get('cursor'), status });
  if (!result.ok) throwLoadError(event, result);
  return { page: result.data, status, now: Date.now() };
};
