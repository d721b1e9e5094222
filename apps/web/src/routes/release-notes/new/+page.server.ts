import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createReleaseNote, getStaffCalendar, listDemands, listReleaseNotes } from '$lib/server/api';
import { newIdempotencyKey, readIdempotencyKey, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { signInPath } from '$lib/redirect';
import { readPublishAt } from '../publish-at.server';
import { readReleaseNoteForm, type ReleaseNoteFormValues } from '../release-note-form';

const boardOf = (url: URL) => url.searchParams.get('board') || 'release-notes';

export const load: PageServerLoad = async (event) => {
  // The form shows the refused note (its action's values) to someone signed out meanwhile.
  if (isRefusedAfterSignOut(event)) return { board: null, values: emptyValues(), idempotencyKey: newIdempotencyKey(), demands: null, timeZone: null };
  if (!event.locals.user) redirect(303, signInPath(event.url.pathname + event.url.search));
  // "Publish at" is typed on the workspace's clock.
  const [result, calendar] = await Promise.all([listReleaseNotes(event, { board: boardOf(event.url), cursor: undefined }), getStaffCalendar(event)]);
  if (!result.ok) throwLoadError(event, result);
  if (!result.data.canPublish) error(403, 'Only product managers and admins publish release notes.');
  if (!calendar.ok) throwLoadError(event, calendar);
  // Staff who may read demands choose the ones this note ships.
  const demands = await listDemands(event, { sort: 'title', order: 'asc' });
  return {
    board: result.data.board,
    values: { ...emptyValues(), demandsOffered: demands.ok },
    idempotencyKey: newIdempotencyKey(),
    demands: demands.ok ? demands.data.items.map((item) => ({ id: item.id, title: item.title, status: item.status })) : null,
    timeZone: calendar.data.timeZone,
  };
};

function emptyValues(): ReleaseNoteFormValues {
  return {
    title: '',
    version: '',
    releasedOn: new Date().toISOString().slice(0, 10),
    introduction: '',
    scenarios: '',
    precautions: '',
    publish: 'now',
    publishAt: '',
    demandIds: [],
    demandsOffered: false,
  };
}

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = readReleaseNoteForm(form);
    const publishAt = await readPublishAt(event, values);
    if (!publishAt.ok) {
      return fail(publishAt.status, { values, error: publishAt.error, idempotencyKey: newIdempotencyKey(), timeZone: publishAt.timeZone });
    }
    const result = await createReleaseNote(
      event,
      boardOf(event.url),
      {
        title: values.title,
        ...(values.version ? { version: values.version } : {}),
        ...(values.releasedOn ? { releasedOn: values.releasedOn } : {}),
        introduction: values.introduction,
        scenarios: values.scenarios,
        precautions: values.precautions,
        publish: values.publish || 'now',
        ...(publishAt.publishAt ? { publishAt: publishAt.publishAt } : {}),
        ...(values.demandIds.length > 0 ? { demandIds: values.demandIds } : {}),
      },
      readIdempotencyKey(form),
    );
    if (!result.ok) {
      // Nothing was created, so a fresh key keeps the corrected note from replaying this failure.
      return fail(result.status, { values, error: submitError(result), idempotencyKey: newIdempotencyKey(), timeZone: publishAt.timeZone });
    }
    redirect(303, `/release-notes/${result.data.id}`);
  },
} satisfies Actions;
