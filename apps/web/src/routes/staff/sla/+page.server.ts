import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { changeSlaAssignee, getSlaQueue, listBoards } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';

const tiers = ['head', 'waist', 'tail'];
const assignees = ['me', 'unassigned'];
const views = ['waiting_on_customer'];

export const load: PageServerLoad = async (event) => {
  const search = event.url.searchParams;
  const filter = {
    board: search.get('board') || null,
    tier: tiers.includes(search.get('tier') ?? '') ? search.get('tier') : null,
    assignee: assignees.includes(search.get('assignee') ?? '') ? search.get('assignee') : null,
    view: views.includes(search.get('view') ?? '') ? search.get('view') : null,
  };
  const [queue, boards] = await Promise.all([getSlaQueue(event, { ...filter, cursor: search.get('cursor') }), listBoards(event)]);
  if (!queue.ok) throwLoadError(event, queue);
  if (!boards.ok) throwLoadError(event, boards);
  return { queue: queue.data, filter, boards: boards.data.boards.filter((board) => board.kind === 'qa') };
};

export const actions = {
  /** "I'm on it" or "Release" on a row of the queue; the page reloads with the same filters. */
  assign: async (event) => {
    const form = await event.request.formData();
    const change = readText(form, 'change');
    if (change !== 'assign' && change !== 'release') return fail(400, { error: { code: 'VALIDATION_FAILED', message: 'Unknown assignment change' } });
    const topicId = Number(readText(form, 'topicId'));
    const result = await changeSlaAssignee(event, topicId, change);
    if (!result.ok) return fail(result.status, { error: submitError(result), topicId });
    return { changed: topicId };
  },
} satisfies Actions;
