import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getBetaProgram, updateBetaProgram } from '$lib/server/api';
import { submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { programBodyFrom, programFormError, programFormFrom, readProgramForm } from '../../program-form';

export const load: PageServerLoad = async (event) => {
  // The form shows the refused edit (its action's values) to someone signed out meanwhile; the
  // program itself cannot be read now.
  if (isRefusedAfterSignOut(event)) return { program: null, values: null };
  const result = await getBetaProgram(event, Number(event.params.id));
  if (!result.ok) throwLoadError(event, result);
  if (!result.data.canManage) error(403, 'Only product managers and admins edit beta programs.');
  return { program: { id: result.data.id, title: result.data.title }, values: programFormFrom(result.data) };
};

export const actions = {
  default: async (event) => {
    const id = Number(event.params.id);
    const values = readProgramForm(await event.request.formData());
    const invalid = programFormError(values);
    if (invalid) return fail(400, { values, error: invalid });
    const result = await updateBetaProgram(event, id, programBodyFrom(values));
    if (!result.ok) return fail(result.status, { values, error: submitError(result) });
    redirect(303, `/beta/${id}`);
  },
} satisfies Actions;
