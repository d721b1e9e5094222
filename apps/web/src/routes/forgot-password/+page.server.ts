import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { requestPasswordReset } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = readText(form, 'email').trim();
    const result = await requestPasswordReset(event, { email });
    if (!result.ok) return fail(result.status, { email, error: submitError(result) });
    // The same answer whether or not the account exists.
    return { email, requested: true };
  },
} satisfies Actions;
