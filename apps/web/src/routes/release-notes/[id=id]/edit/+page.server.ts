import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getReleaseNote, getStaffCalendar, listDemands, updateReleaseNote } from '$lib/server/api';
import { submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { signInPath } from '$lib/redirect';
import { workspaceTimeFieldValue } from '$lib/workspace-time-field';
import { readPublishAt } from '../../publish-at.server';
import { formOfferedDemands, readReleaseNoteForm, type ReleaseNoteFormValues } from '../../release-note-form';

export const load: PageServerLoad = async (event) => {
  // The form shows the refused edit (its action's values) to someone signed out meanwhile; the
  // note itself cannot be read now.
  if (isRefusedAfterSignOut(event)) return { note: null, values: null, demands: null, timeZone: null };
  if (!event.locals.user) redirect(303, signInPath(event.url.pathname));
  // "Publish at" is shown and typed on the workspace's clock.
  const [result, calendar] = await Promise.all([getReleaseNote(event, Number(event.params.id)), getStaffCalendar(event)]);
  if (!result.ok) throwLoadError(event, result);
  const note = result.data;
  if (!note.canEdit || !note.source) error(403, 'Only product managers and admins edit release notes.');
  if (!calendar.ok) throwLoadError(event, calendar);
  const { timeZone } = calendar.data;
  const values: ReleaseNoteFormValues = {
    title: note.title,
    version: note.version ?? '',
    releasedOn: note.releasedOn ?? '',
    introduction: note.source.introduction,
    scenarios: note.source.scenarios,
    precautions: note.source.precautions,
    publish: '',
    publishAt: note.status === 'scheduled' && note.publishedAt ? workspaceTimeFieldValue(note.publishedAt, timeZone) : '',
    demandIds: (note.demands ?? []).map((demand) => demand.id),
    demandsOffered: Boolean(note.demands),
  };
  // The open demands, and those the note already links (shipped ones included).
  const open = note.demands ? await listDemands(event, { sort: 'title', order: 'asc' }) : null;
  const demands = note.demands
    ? [...note.demands, ...(open?.ok ? open.data.items.filter((item) => !note.demands!.some((linked) => linked.id === item.id)) : [])].map((item) => ({
        id: item.id,
        title: item.title,
        status: item.status,
      }))
    : null;
  return { note: { id: note.id, title: note.title, status: note.status }, values, demands, timeZone };
};

export const actions = {
  default: async (event) => {
    const id = Number(event.params.id);
    const form = await event.request.formData();
    const values = readReleaseNoteForm(form);
    const publishAt = await readPublishAt(event, values);
    if (!publishAt.ok) return fail(publishAt.status, { values, error: publishAt.error, timeZone: publishAt.timeZone });
    const result = await updateReleaseNote(event, id, {
      title: values.title,
      version: values.version || null,
      releasedOn: values.releasedOn || null,
      introduction: values.introduction,
      scenarios: values.scenarios,
      precautions: values.precautions,
      ...(values.publish ? { publish: values.publish } : {}),
      ...(publishAt.publishAt ? { publishAt: publishAt.publishAt } : {}),
      ...(formOfferedDemands(form) ? { demandIds: values.demandIds } : {}),
    });
    if (!result.ok) return fail(result.status, { values, error: submitError(result), timeZone: publishAt.timeZone });
    redirect(303, `/release-notes/${id}`);
  },
} satisfies Actions;
