import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createPost, getTopic } from '$lib/server/api';
import { newIdempotencyKey, readIdempotencyKey, readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await getTopic(event, Number(event.params.id));
  if (!result.ok) throwLoadError(event, result);
  return { topic: result.data, idempotencyKey: newIdempotencyKey(), now: Date.now() };
};

export const actions = {
  default: async (event) => {
    const topicId = Number(event.params.id);
    const form = await event.request.formData();
    const body = readText(form, 'body');
    const result = await createPost(event, topicId, { body }, readIdempotencyKey(form));
    if (!result.ok) {
      // Nothing was created, so a fresh key keeps the corrected answer from replaying this failure.
      return fail(result.status, { body, error: submitError(result), idempotencyKey: newIdempotencyKey() });
    }
    redirect(303, `/t/${topicId}#post-${result.data.id}`);
  },
} satisfies Actions;
