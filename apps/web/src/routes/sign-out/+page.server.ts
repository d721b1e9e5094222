import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signOut } from '$lib/server/api';

// Signing out changes state, so it is a POST action only; a visit by link just goes home.
export const load: PageServerLoad = () => {
  redirect(303, '/');
};

export const actions = {
  default: async (event) => {
    const result = await signOut(event);
    // 401: the session had already ended, which is what the person wanted anyway.
    if (!result.ok && result.status !== 401) error(result.status, 'Signing out failed. Please try again.');
    redirect(303, '/');
  },
} satisfies Actions;
