import type { RequestEvent } from '@sveltejs/kit';
import type { ApiError } from './api';

/** A text field from a submitted form; files and missing fields read as ''. */
export function readText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Tags as typed in one field, separated by commas (the API normalizes case and spaces). */
export function readTags(form: FormData): string[] {
  return readText(form, 'tags')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,128}$/;

/** The hidden idempotency key, when it has the shape the API accepts; otherwise none is sent. */
export function readIdempotencyKey(form: FormData): string | undefined {
  const key = readText(form, 'idempotencyKey');
  return idempotencyKeyPattern.test(key) ? key : undefined;
}

/** A fresh key per page load (and after each definite failure), so one submit creates one post. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * The error to show after a failed submit. A lapsed session is explained in place rather than
 * redirected, so the text the person wrote stays on the page; a one-click action (a vote, a
 * status, a reaction) has no text to keep, and its message does not promise any. `gone` replaces
 * the API's bare "Not found" when what the submit is about was deleted, or closed to the writer,
 * meanwhile.
 */
export function submitError(
  failure: { status: number; error: ApiError },
  { oneClick = false, gone }: { oneClick?: boolean; gone?: string } = {},
): ApiError {
  if (failure.status === 404 && gone) return { code: failure.error.code, message: gone };
  if (failure.status === 401) {
    const message = oneClick
      ? 'You are signed out. Sign in in another tab, then try again.'
      : 'You are signed out. Sign in in another tab, then submit again — your text is kept here.';
    return { code: failure.error.code, message };
  }
  if (failure.status >= 500) return { code: failure.error.code, message: 'Townhall could not save this right now. Please try again.' };
  return failure.error;
}

/**
 * Keeps the text a form action was sent for the rest of the request. The page is loaded again
 * after the action; when it cannot be shown any more (its question was deleted meanwhile), the
 * error page that takes its place shows this text to copy (see throwLoadError).
 */
export function keepSubmittedText(event: RequestEvent, text: string): void {
  // Nothing typed, nothing to keep: a lapsed session then goes to sign in as usual.
  if (text.trim() !== '') event.locals.submittedText = text;
}
