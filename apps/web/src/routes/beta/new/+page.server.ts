import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createBetaProgram, listBetaPrograms } from '$lib/server/api';
import { newIdempotencyKey, readIdempotencyKey, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { signInPath } from '$lib/redirect';
import { emptyProgramForm, programBodyFrom, programFormError, readProgramForm } from '../program-form';

export const load: PageServerLoad = async (event) => {
  // The form shows the refused program (its action's values) to someone signed out meanwhile.
  if (isRefusedAfterSignOut(event)) return { values: emptyProgramForm(new Date()), idempotencyKey: newIdempotencyKey() };
  if (!event.locals.user) redirect(303, signInPath(event.url.pathname));
  const result = await listBetaPrograms(event);
  if (!result.ok) throwLoadError(event, result);
  if (!result.data.canManage) error(403, 'Only product managers and admins run beta programs.');
  return { values: emptyProgramForm(new Date()), idempotencyKey: newIdempotencyKey() };
};

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = readProgramForm(form);
    const invalid = programFormError(values);
    if (invalid) return fail(400, { values, error: invalid, idempotencyKey: readIdempotencyKey(form) ?? newIdempotencyKey() });
    const result = await createBetaProgram(event, programBodyFrom(values), readIdempotencyKey(form));
    // Nothing was created, so a fresh key lets the corrected form through.
    if (!result.ok) return fail(result.status, { values, error: submitError(result), idempotencyKey: newIdempotencyKey() });
    redirect(303, `/beta/${result.data.id}`);
  },
} satisfies Actions;
