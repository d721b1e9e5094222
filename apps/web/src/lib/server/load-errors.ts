import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { ApiError } from './api';
import { signInPath } from '$lib/redirect';

/**
 * Turns a failed API read into what a load should do: a 401 sends the person to sign in and back,
 * anything else becomes SvelteKit's error page with the API's message. After a submit whose text
 * was kept (keepSubmittedText), the error page shows that text instead: a redirect would lose it.
 */
export function throwLoadError(event: RequestEvent, failure: { status: number; error: ApiError }): never {
  const { submittedText } = event.locals;
  if (failure.status === 401 && submittedText === undefined) redirect(303, signInPath(event.url.pathname + event.url.search));
  const status = failure.status >= 400 && failure.status <= 599 ? failure.status : 502;
  error(status, { message: loadErrorMessage(status, failure.error, submittedText !== undefined), submittedText });
}

/**
 * Whether this load shows a submit refused because the session ended meanwhile (signed out in
 * another tab, expired): without JavaScript the page is loaded again after its action, now as a
 * guest. Such a load returns what the form needs without reading the page's data, so the form
 * shows the sent text with the action's notice; a redirect to sign in would lose it.
 */
export function isRefusedAfterSignOut(event: RequestEvent): boolean {
  return event.request.method === 'POST' && event.locals.user === null;
}

function loadErrorMessage(status: number, failure: ApiError, afterSubmit: boolean): string {
  // The API hides the text of its 5xx answers; keep ours just as plain.
  if (status >= 500) return 'Townhall could not load this page right now.';
  if (status === 401 && afterSubmit) return 'You are signed out, so this was not saved. Sign in, then send it again.';
  if (status === 404 && afterSubmit) return 'It was deleted, or closed to you, while you were writing.';
  return failure.message;
}
