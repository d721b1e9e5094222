import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createTopic, getBetaProgram, listTopics } from '$lib/server/api';
import { newIdempotencyKey, readIdempotencyKey, readText, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { signInPath } from '$lib/redirect';
import { readerTimeZone } from '$lib/server/workspace-clock';

/** The program and its feedback board, for participants and staff; 404 for everyone else. */
async function feedbackOf(event: RequestEvent<{ id: string }>) {
  const program = await getBetaProgram(event, Number(event.params.id));
  if (!program.ok) throwLoadError(event, program);
  if (!program.data.feedbackBoard) error(404, 'Not found');
  return { program: program.data, slug: program.data.feedbackBoard.slug };
}

export const load: PageServerLoad = async (event) => {
  // The form shows the refused feedback (its action's values) to someone signed out meanwhile;
  // the program and its board cannot be read now.
  if (isRefusedAfterSignOut(event)) return { program: null, board: null, topics: [], idempotencyKey: newIdempotencyKey(), timeZone: null, now: Date.now() };
  if (!event.locals.user) redirect(303, signInPath(event.url.pathname));
  const { program, slug } = await feedbackOf(event);
  const [topics, timeZone] = await Promise.all([listTopics(event, slug), readerTimeZone(event)]);
  if (!topics.ok) throwLoadError(event, topics);
  // Staff read when feedback was posted on the workspace's clock; participants (timeZone null)
  // keep UTC. `now` makes server and browser agree.
  return { program, board: topics.data.board, topics: topics.data.items, idempotencyKey: newIdempotencyKey(), timeZone, now: Date.now() };
};

export const actions = {
  post: async (event) => {
    const form = await event.request.formData();
    const title = readText(form, 'title').trim();
    const body = readText(form, 'body');
    // Refused before the post could be written (signed out, no longer a participant): the text
    // comes back with the reason instead of a redirect or an error page that would lose it.
    const refused = (status: number, error: ReturnType<typeof submitError>) => fail(status, { title, body, error, idempotencyKey: newIdempotencyKey() });
    const program = await getBetaProgram(event, Number(event.params.id));
    if (!program.ok) return refused(program.status, submitError(program));
    const slug = program.data.feedbackBoard?.slug;
    if (!slug) return refused(404, { code: 'NOT_FOUND', message: 'You no longer take part in this program, so its feedback area is closed to you.' });
    const result = await createTopic(event, slug, { title, body }, readIdempotencyKey(form));
    if (!result.ok) return fail(result.status, { title, body, error: submitError(result), idempotencyKey: newIdempotencyKey() });
    redirect(303, `/t/${result.data.id}`);
  },
} satisfies Actions;
