import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { flagPost, moderatePost, type ApiError } from './api';
import { readText, submitError } from './forms';

/** Runs a one-click change and reloads the page, or shows why it failed (`actionError`). */
export async function applyChange(change: Promise<{ ok: true } | { ok: false; status: number; error: ApiError }>) {
  const result = await change;
  if (!result.ok) return fail(result.status, { actionError: submitError(result, { oneClick: true }) });
  return { changed: true };
}

async function postIdFrom(event: RequestEvent): Promise<number> {
  return Number(readText(await event.request.formData(), 'postId'));
}

/**
 * The actions behind the buttons of `PostActions` (the form names the post): a page that shows
 * posts with them spreads these into its own actions. The API decides who may.
 */
export const postActions = {
  postDelete: async (event: RequestEvent) => {
    const result = await moderatePost(event, await postIdFrom(event), 'delete');
    if (!result.ok) return fail(result.status, { actionError: submitError(result, { oneClick: true }) });
    // Deleting the opening post deletes the question; only staff can still open it.
    if (result.data.postNumber === 1 && event.locals.user?.role === 'customer') redirect(303, '/');
    return { changed: true };
  },
  postRestore: async (event: RequestEvent) => applyChange(moderatePost(event, await postIdFrom(event), 'restore')),
  postUnhide: async (event: RequestEvent) => applyChange(moderatePost(event, await postIdFrom(event), 'unhide')),
  postHide: async (event: RequestEvent) => {
    const form = await event.request.formData();
    return applyChange(moderatePost(event, Number(readText(form, 'postId')), 'hide', { reason: readText(form, 'reason') }));
  },
  postFlag: async (event: RequestEvent) => {
    const form = await event.request.formData();
    const postId = Number(readText(form, 'postId'));
    const result = await flagPost(event, postId, { reason: readText(form, 'reason') });
    if (!result.ok) return fail(result.status, { actionError: submitError(result, { oneClick: true }) });
    // The flagger is told it reached staff, beside the post they flagged.
    return { changed: true, flaggedPostId: postId };
  },
};
