import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getReleaseNote, listDemands, updateReleaseNote } from '$lib/server/api';
import { submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { signInPath } from '$lib/redirect';
import { formOfferedDemands, publishAtForForm, publishAtFromForm, readReleaseNoteForm, type ReleaseNoteFormValues } from '../../release-note-form';

export const load: PageServerLoad = async (event) => {
  // The form shows the refused edit (its action's values) to someone signed out meanwhile; the
  // note itself cannot be read now.
  if (isRefusedAfterSignOut(event)) return { note: null, values: null, demands: null };
  if (!event.locals.user) redirect(303, signInPath(event.url.pathname));
  const result = await getReleaseNote(event, Number(event.params.id));
  if (!result.ok) throwLoadError(event, result);
  const note = result.data;
  if (!note.canEdit || !note.source) error(403, 'Only product managers and admins edit release notes.');
  const values: ReleaseNoteFormValues = {
    title: note.title,
    version: note.version ?? '',
    releasedOn: note.releasedOn ?? '',
    introduction: note.source.introduction,
    scenarios: note.source.scenarios,
    precautions: note.source.precautions,
    publish: '',
    publishAt: note.status === 'scheduled' ? publishAtForForm(note.publishedAt) : '',
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
  return { note: { id: note.id, title: note.title, status: note.status }, values, demands };
};

export const actions = {
  default: async (event) => {
    const id = Number(event.params.id);
    const form = await event.request.formData();
    const values = readReleaseNoteForm(form);
    const result = await updateReleaseNote(event, id, {
      title: values.title,
      version: values.version || null,
      releasedOn: values.releasedOn || null,
      introduction: values.introduction,
      scenarios: values.scenarios,
      precautions: values.precautions,
      ...(values.publish ? { publish: values.publish } : {}),
      ...(values.publish === 'at' && values.publishAt ? { publishAt: publishAtFromForm(values.publishAt) } : {}),
      ...(formOfferedDemands(form) ? { demandIds: values.demandIds } : {}),
    });
    if (!result.ok) return fail(result.status, { values, error: submitError(result) });
    redirect(303, `/release-notes/${id}`);
  },
} satisfies Actions;
