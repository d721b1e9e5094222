import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { resetPassword } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const password = readText(form, 'password');
    // Typed twice, so a slip of the finger does not lock the person out again.
    if (password !== readText(form, 'confirmPassword')) {
      return fail(400, { error: { code: 'VALIDATION_FAILED', message: 'The two passwords differ', field: 'confirmPassword' } });
    }
    const result = await resetPassword(event, { token: event.params.token, password });
    // The passwords are never sent back to the page.
    if (!result.ok) return fail(result.status, { error: submitError(result) });
    // Signed in by the API (its cookie is relayed); every other session has ended.
    redirect(303, '/account?password-reset=1');
  },
} satisfies Actions;
