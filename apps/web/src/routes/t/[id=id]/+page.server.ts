import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import {
  addDemandSources,
  createDemand,
  listDemands,
  changeSlaAssignee,
  createPost,
  getTopic,
  getWatch,
  moderateTopic,
  previewMarkdown,
  setAcceptedAnswer,
  setTopicStatus,
  setVote,
  workSlaClock,
} from '$lib/server/api';
import { topicWindowOf } from '$lib/server/topic-window';
import { keepSubmittedText, newIdempotencyKey, readIdempotencyKey, readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { applyChange, postActions } from '$lib/server/post-actions';
import { topicPostPath } from '@townhall/domain';

export const load: PageServerLoad = async (event) => {
  const result = await getTopic(event, Number(event.params.id), topicWindowOf(event.url));
  if (!result.ok) throwLoadError(event, result);
  // Release notes and beta programs have pages of their own; a feedback area's topics stay here.
  const { board } = result.data;
  // Their comments come in pages too: a link to one (`?near=`) keeps its page.
  if (board.kind === 'release_notes') redirect(307, `/release-notes/${result.data.id}${event.url.search}`);
  if (board.kind === 'beta' && board.visibility !== 'participants') redirect(307, `/beta/${result.data.id}`);
  const watch = event.locals.user ? await getWatch(event, 'topic', result.data.id) : null;
  // Staff merging this question into a demand pick one of the open demands.
  const demands = result.data.canMakeDemand && !result.data.demand ? await listDemands(event, { sort: 'title', order: 'asc' }) : null;
  return {
    topic: result.data,
    watchLevel: watch?.ok ? watch.data.level : null,
    idempotencyKey: newIdempotencyKey(),
    now: Date.now(),
    openDemands: demands?.ok ? demands.data.items.map((item) => ({ id: item.id, title: item.title })) : null,
  };
};

export const actions = {
  reply: async (event) => {
    const topicId = Number(event.params.id);
    const form = await event.request.formData();
    const body = readText(form, 'body');
    keepSubmittedText(event, body);
    const result = await createPost(event, topicId, { body }, readIdempotencyKey(form));
    if (!result.ok) {
      const gone = 'This question was deleted, or closed to you, while you were writing, so your answer was not posted. Your text stays here.';
      // Nothing was created, so a fresh key keeps the corrected answer from replaying this failure.
      return fail(result.status, { body, error: submitError(result, { gone }), idempotencyKey: newIdempotencyKey() });
    }
    redirect(303, topicPostPath(topicId, result.data.id));
  },

  /** Renders the draft as it will look, keeping the text and the idempotency key. */
  preview: async (event) => {
    const form = await event.request.formData();
    const body = readText(form, 'body');
    keepSubmittedText(event, body);
    const idempotencyKey = readIdempotencyKey(form) ?? newIdempotencyKey();
    const result = await previewMarkdown(event, body);
    if (!result.ok) return fail(result.status, { body, error: submitError(result), idempotencyKey });
    return { body, previewHtml: result.data.html, idempotencyKey };
  },

  /** Staff: the question becomes a demand of its own. A refused title comes back in its form. */
  makeDemand: async (event) => {
    const form = await event.request.formData();
    const title = readText(form, 'title');
    const result = await createDemand(event, { title, sourceTopicIds: [Number(event.params.id)] });
    if (!result.ok) return fail(result.status, { refusedDemand: { title, error: submitError(result) } });
    redirect(303, `/demands/${result.data.id}`);
  },

  /** Staff: the question is a duplicate of what a demand already gathers. */
  mergeIntoDemand: async (event) => {
    const form = await event.request.formData();
    const demandId = Number(readText(form, 'demandId'));
    if (!Number.isInteger(demandId) || demandId < 1) return fail(400, { actionError: { code: 'VALIDATION_FAILED', message: 'Choose a demand', field: 'demandId' } });
    const result = await addDemandSources(event, demandId, [Number(event.params.id)]);
    if (!result.ok) return fail(result.status, { actionError: submitError(result, { oneClick: true }) });
    redirect(303, `/demands/${demandId}`);
  },

  vote: async (event) => applyChange(setVote(event, Number(event.params.id), true)),
  unvote: async (event) => applyChange(setVote(event, Number(event.params.id), false)),

  accept: async (event) => {
    const form = await event.request.formData();
    return applyChange(setAcceptedAnswer(event, Number(event.params.id), Number(readText(form, 'postId'))));
  },
  unaccept: async (event) => applyChange(setAcceptedAnswer(event, Number(event.params.id), null)),

  moderate: async (event) => {
    const form = await event.request.formData();
    const action = readText(form, 'action') as 'pin' | 'unpin' | 'lock' | 'unlock' | 'hide' | 'unhide' | 'delete' | 'restore';
    return applyChange(moderateTopic(event, Number(event.params.id), { action }));
  },

  /** Staff: move the topic to another board of its kind; the page reloads showing where it is. */
  move: async (event) => {
    const form = await event.request.formData();
    return applyChange(moderateTopic(event, Number(event.params.id), { action: 'move', boardSlug: readText(form, 'boardSlug') }));
  },

  /** Staff: pause (waiting on the customer), resume, or mark urgent the response clock. */
  sla: async (event) => {
    const form = await event.request.formData();
    const step = readText(form, 'step');
    if (step !== 'pause' && step !== 'resume' && step !== 'urgent') return fail(400, { actionError: { code: 'VALIDATION_FAILED', message: 'Unknown SLA action' } });
    return applyChange(workSlaClock(event, Number(event.params.id), step));
  },

  /** Staff: "I'm on it" takes the question, "Release" gives it back. */
  assign: async (event) => {
    const change = readText(await event.request.formData(), 'change');
    if (change !== 'assign' && change !== 'release') return fail(400, { actionError: { code: 'VALIDATION_FAILED', message: 'Unknown assignment change' } });
    return applyChange(changeSlaAssignee(event, Number(event.params.id), change));
  },

  status: async (event) => {
    const form = await event.request.formData();
    const status = readText(form, 'status') as 'open' | 'answered' | 'solved' | 'closed';
    const reason = readText(form, 'reason');
    return applyChange(setTopicStatus(event, Number(event.params.id), status === 'closed' ? { status, reason: reason as never } : { status }));
  },

  // Moderation of one post (the form names it), as on every page that shows posts.
  ...postActions,
} satisfies Actions;
