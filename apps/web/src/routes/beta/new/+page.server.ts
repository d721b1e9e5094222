import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createBetaProgram, getStaffCalendar, listBetaOrganizations, listBetaPrograms } from '$lib/server/api';
import { newIdempotencyKey, readIdempotencyKey, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { signInPath } from '$lib/redirect';
import { emptyProgramForm, programBodyFrom, programFormError, readProgramForm } from '../program-form';

export const load: PageServerLoad = async (event) => {
  // The form shows the refused program (its action's values, its time zone) to someone signed out meanwhile.
  if (isRefusedAfterSignOut(event)) return { values: emptyProgramForm(new Date(), 'UTC'), idempotencyKey: newIdempotencyKey(), timeZone: null, organizations: null };
  if (!event.locals.user) redirect(303, signInPath(event.url.pathname));
  const [result, calendar, choices] = await Promise.all([listBetaPrograms(event), getStaffCalendar(event), listBetaOrganizations(event)]);
  if (!result.ok) throwLoadError(event, result);
  if (!result.data.canManage) error(403, 'Only product managers and admins run beta programs.');
  if (!calendar.ok) throwLoadError(event, calendar);
  const { timeZone } = calendar.data;
  return { values: emptyProgramForm(new Date(), timeZone), idempotencyKey: newIdempotencyKey(), timeZone, organizations: choices.ok ? choices.data.organizations : null };
};

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = readProgramForm(form);
    // The deadline is typed on the workspace's clock; the API takes the instant.
    const calendar = await getStaffCalendar(event);
    if (!calendar.ok) return fail(calendar.status, { values, error: submitError(calendar), idempotencyKey: newIdempotencyKey(), timeZone: null });
    const { timeZone } = calendar.data;
    const invalid = programFormError(values, timeZone);
    if (invalid) return fail(400, { values, error: invalid, idempotencyKey: readIdempotencyKey(form) ?? newIdempotencyKey(), timeZone });
    const result = await createBetaProgram(event, programBodyFrom(values, timeZone), readIdempotencyKey(form));
    // Nothing was created, so a fresh key lets the corrected form through.
    if (!result.ok) return fail(result.status, { values, error: submitError(result), idempotencyKey: newIdempotencyKey(), timeZone });
    redirect(303, `/beta/${result.data.id}`);
  },
} satisfies Actions;
