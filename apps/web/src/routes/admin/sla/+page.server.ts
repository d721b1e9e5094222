import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getSlaSettings, saveSlaSettings } from '$lib/server/api';
import { submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { requireAdmin } from '../admin-guard';
import { fieldMessages, readFormValues, toFormValues, toSettingsBody } from './sla-form';

export const load: PageServerLoad = async (event) => {
  // The form shows the refused settings (its action's values) to someone signed out meanwhile.
  if (isRefusedAfterSignOut(event)) return { values: null, updatedAt: null, timeZone: null, now: Date.now() };
  requireAdmin(event);
  const result = await getSlaSettings(event);
  if (!result.ok) throwLoadError(event, result);
  // "Last saved" reads on the saved calendar's clock, the zone staff read times in (readerTimeZone
  // would ask the API for the same setting again); `now` makes server and browser agree.
  const timeZone: string | null = result.data.settings.timeZone;
  return { values: toFormValues(result.data.settings), updatedAt: result.data.updatedAt, timeZone, now: Date.now() };
};

export const actions = {
  save: async (event) => {
    const values = readFormValues(await event.request.formData());
    const parsed = toSettingsBody(values);
    if (!parsed.ok) {
      const [first] = parsed.problems;
      return fail(400, { values, error: { code: 'VALIDATION_FAILED', ...first! }, fieldErrors: fieldMessages(parsed.problems) });
    }
    const result = await saveSlaSettings(event, parsed.body);
    if (!result.ok) {
      const error = submitError(result);
      const problems = error.problems ?? (error.field ? [{ field: error.field, message: error.message }] : []);
      return fail(result.status, { values, error, fieldErrors: fieldMessages(problems) });
    }
    return { done: 'Saved. New clocks use these settings; running clocks keep their deadlines.' };
  },
} satisfies Actions;
