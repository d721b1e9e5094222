import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { setWatch, type WatchLevel } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { safeRedirectPath } from '$lib/redirect';

/** Watch, mute or reset a topic (`kind=topic`, `ref` its id) or board (`kind=board`, `ref` its slug), then go back. */
export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const kind = readText(form, 'kind') === 'board' ? 'board' : 'topic';
    const chosen = readText(form, 'level');
    const level: WatchLevel = chosen === 'watching' || chosen === 'muted' ? chosen : null;
    const result = await setWatch(event, kind, readText(form, 'ref'), level);
    // Without JavaScript the failure shows on this page, with a way back.
    if (!result.ok) return fail(result.status, { error: submitError(result, { oneClick: true }), returnTo: safeRedirectPath(readText(form, 'returnTo')) });
    redirect(303, safeRedirectPath(readText(form, 'returnTo')));
  },
} satisfies Actions;
