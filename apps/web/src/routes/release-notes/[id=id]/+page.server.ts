import { fail, redirect } from '@sveltejs/kit';
import type { ReactionKind } from '@townhall/contracts';
import type { Actions, PageServerLoad } from './$types';
import { createPost, getReleaseNote, publishReleaseNote, setReaction } from '$lib/server/api';
import { keepSubmittedText, newIdempotencyKey, readIdempotencyKey, readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';
import { postActions } from '$lib/server/post-actions';
import { signInPath } from '$lib/redirect';
import { reactionOrder } from '../release-note-labels';
import { topicWindowOf } from '$lib/server/topic-window';
import { releaseNoteCommentPath } from '@townhall/domain';

export const load: PageServerLoad = async (event) => {
  const [result, timeZone] = await Promise.all([getReleaseNote(event, Number(event.params.id), topicWindowOf(event.url)), readerTimeZone(event)]);
  if (!result.ok) throwLoadError(event, result);
  return { note: result.data, idempotencyKey: newIdempotencyKey(), now: Date.now(), timeZone };
};

export const actions = {
  react: async (event) => {
    const id = Number(event.params.id);
    if (!event.locals.user) redirect(303, signInPath(`/release-notes/${id}`));
    const form = await event.request.formData();
    const kind = readText(form, 'kind');
    if (!(reactionOrder as readonly string[]).includes(kind)) return fail(400, { reactionError: 'Unknown reaction' });
    const result = await setReaction(event, id, kind as ReactionKind, readText(form, 'on') === 'true');
    if (!result.ok) return fail(result.status, { reactionError: submitError(result, { oneClick: true }).message });
    return { reactions: result.data };
  },

  comment: async (event) => {
    const id = Number(event.params.id);
    const form = await event.request.formData();
    const body = readText(form, 'body');
    // Should the note be gone meanwhile, the error page holds the comment (see throwLoadError).
    keepSubmittedText(event, body);
    const result = await createPost(event, id, { body }, readIdempotencyKey(form));
    if (!result.ok) {
      return fail(result.status, { body, error: submitError(result), idempotencyKey: newIdempotencyKey() });
    }
    redirect(303, releaseNoteCommentPath(id, result.data.id));
  },

  publish: async (event) => {
    const id = Number(event.params.id);
    const result = await publishReleaseNote(event, id);
    if (!result.ok) return fail(result.status, { publishError: submitError(result, { oneClick: true }).message });
    return { published: true };
  },

  // Edit, delete, restore, hide and flag a comment, as a topic's replies.
  ...postActions,
} satisfies Actions;
