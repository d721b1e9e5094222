import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signUp } from '$lib/server/api';
import { readText } from '$lib/server/forms';
import { safeRedirectPath } from '$lib/redirect';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeRedirectPath(url.searchParams.get('redirectTo')));
  // From an invitation link (/invite/<token>): the token rides along in a hidden field.
  return { inviteToken: url.searchParams.get('invite') ?? '' };
};

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = readText(form, 'email').trim();
    const displayName = readText(form, 'displayName').trim();
    const inviteToken = readText(form, 'inviteToken').trim();
    const result = await signUp(event, {
      email,
      displayName,
      password: readText(form, 'password'),
      ...(inviteToken ? { inviteToken } : {}),
    });
    if (!result.ok) return fail(result.status, { email, displayName, error: result.error });
    redirect(303, safeRedirectPath(event.url.searchParams.get('redirectTo')));
  },
} satisfies Actions;
