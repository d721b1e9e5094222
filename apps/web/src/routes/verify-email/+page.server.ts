import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { resendEmailVerification } from '$lib/server/api';
import { submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { getMe } from '$lib/server/api';

export const load: PageServerLoad = async (event) => {
  const me = await getMe(event);
  if (!me.ok) throwLoadError(event, me);
  return { email: me.data.user.email, verified: me.data.user.emailVerified };
};

export const actions = {
  resend: async (event) => {
    const result = await resendEmailVerification(event);
    if (!result.ok) return fail(result.status, { error: submitError(result) });
    return { resent: true };
  },
} satisfies Actions;
