import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { listOpenFlags, resolveFlag } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await listOpenFlags(event, event.url.searchParams.get('cursor'));
  if (!result.ok) throwLoadError(event, result);
  return { flags: result.data, now: Date.now() };
};

export const actions = {
  resolve: async (event) => {
    const form = await event.request.formData();
    const resolution = readText(form, 'resolution') === 'hide' ? 'hide' : 'dismiss';
    const result = await resolveFlag(event, Number(readText(form, 'flagId')), { resolution });
    if (!result.ok) return fail(result.status, { error: submitError(result, { oneClick: true }) });
    return { resolved: result.data.id };
  },
} satisfies Actions;
