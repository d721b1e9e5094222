import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getNotificationPreferences, setNotificationPreferences } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';

const frequencies = ['immediately', 'daily', 'never'] as const;

export const load: PageServerLoad = async (event) => {
  const result = await getNotificationPreferences(event);
  if (!result.ok) throwLoadError(event, result);
  return { preferences: result.data };
};

export const actions = {
  default: async (event) => {
    const chosen = readText(await event.request.formData(), 'emailNotifications');
    const emailNotifications = frequencies.find((frequency) => frequency === chosen);
    if (!emailNotifications) return fail(400, { error: { code: 'VALIDATION_FAILED', message: 'Choose how often you want e-mail', field: 'emailNotifications' } });
    const result = await setNotificationPreferences(event, { emailNotifications });
    if (!result.ok) return fail(result.status, { error: submitError(result) });
    return { saved: true };
  },
} satisfies Actions;
