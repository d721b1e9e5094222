import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { ApiError } from './api';
import { signInPath } from '$lib/redirect';

/**
 * Turns a failed API read into what a load should do: a 401 sends the person to sign in and back,
 * anything else becomes SvelteKit's error page with the API's message.
 */
export function throwLoadError(event: RequestEvent, failure: { status: number; error: ApiError }): never {
  if (failure.status === 401) redirect(303, signInPath(event.url.pathname + event.url.search));
  const status = failure.status >= 400 && failure.status <= 599 ? failure.status : 502;
  // The API hides the text of its 5xx answers; keep ours just as plain.
  error(status, status >= 500 ? 'Townhall could not load this page right now.' : failure.error.message);
}
