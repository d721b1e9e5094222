import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { changePassword, getMe, updateMe } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  // The forms show a refused name (its action's value) to someone signed out meanwhile.
  if (isRefusedAfterSignOut(event)) return { me: null, passwordReset: false };
  // Signed out, this sends the person to sign in and back (as every signed-in page does).
  const result = await getMe(event);
  if (!result.ok) throwLoadError(event, result);
  return { me: result.data.user, passwordReset: event.url.searchParams.has('password-reset') };
};

export const actions = {
  name: async (event) => {
    const displayName = readText(await event.request.formData(), 'displayName');
    const result = await updateMe(event, { displayName });
    if (!result.ok) return fail(result.status, { nameError: submitError(result), displayName });
    return { renamed: true };
  },
  password: async (event) => {
    const form = await event.request.formData();
    const newPassword = readText(form, 'newPassword');
    if (newPassword !== readText(form, 'confirmPassword')) {
      return fail(400, { error: { code: 'VALIDATION_FAILED', message: 'The two new passwords differ', field: 'confirmPassword' } });
    }
    const result = await changePassword(event, { currentPassword: readText(form, 'currentPassword'), newPassword });
    // A wrong current password is a 401 too, but not a lost session: show the API's own words.
    if (!result.ok && result.error.code === 'INVALID_CREDENTIALS') return fail(400, { error: result.error });
    // Passwords are cleared after every submit: the message must not promise to keep them.
    if (!result.ok) return fail(result.status, { error: submitError(result, { oneClick: true }) });
    return { passwordChanged: true };
  },
} satisfies Actions;
