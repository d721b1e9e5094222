import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createTopic, listBoards, previewMarkdown, similarQuestions } from '$lib/server/api';
import { newIdempotencyKey, readIdempotencyKey, readTags, readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { signInPath } from '$lib/redirect';

export const load: PageServerLoad = async (event) => {
  // After a submit the page shows what was typed, even to someone whose session ended meanwhile
  // (the action's message says so): redirecting them would lose the question.
  const afterSubmit = event.request.method === 'POST';
  if (!event.locals.user && !afterSubmit) redirect(303, signInPath(event.url.pathname));
  const result = await listBoards(event);
  if (!result.ok) throwLoadError(event, result);
  const board = result.data.boards.find((candidate) => candidate.slug === event.params.slug);
  if (!board) error(404, 'This board does not exist, or you cannot read it.');
  if (!board.canCreateTopic && !afterSubmit) error(403, 'New questions cannot be asked on this board.');
  return { board, idempotencyKey: newIdempotencyKey() };
};

export const actions = {
  ask: async (event) => {
    const form = await event.request.formData();
    const title = readText(form, 'title').trim();
    const body = readText(form, 'body');
    const tags = readText(form, 'tags');
    const result = await createTopic(event, event.params.slug, { title, body, tags: readTags(form) }, readIdempotencyKey(form));
    if (!result.ok) {
      // A definite failure created nothing, so the next submit gets a fresh key: an API that
      // remembers failed keys must not replay this failure to the corrected question.
      return fail(result.status, { title, body, tags, error: submitError(result), idempotencyKey: newIdempotencyKey() });
    }
    redirect(303, `/t/${result.data.id}`);
  },

  /** Shows the body as it will look, keeping everything typed and the idempotency key. */
  preview: async (event) => {
    const form = await event.request.formData();
    const title = readText(form, 'title');
    const body = readText(form, 'body');
    const tags = readText(form, 'tags');
    const idempotencyKey = readIdempotencyKey(form) ?? newIdempotencyKey();
    const [result, similar] = await Promise.all([
      previewMarkdown(event, body),
      title.trim().length >= 3 ? similarQuestions(event, title.trim().slice(0, 200), event.params.slug) : null,
    ]);
    if (!result.ok) return fail(result.status, { title, body, tags, error: submitError(result), idempotencyKey });
    // Without JS, Preview is when the asker sees questions like theirs.
    return { title, body, tags, previewHtml: result.data.html, idempotencyKey, similar: similar?.ok ? similar.data.items : [] };
  },
} satisfies Actions;
