import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getBetaProgram, getStaffCalendar, listBetaOrganizations, updateBetaProgram } from '$lib/server/api';
import { submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { programBodyFrom, programFormError, programFormFrom, readProgramForm } from '../../program-form';

export const load: PageServerLoad = async (event) => {
  // The form shows the refused edit (its action's values, its time zone) to someone signed out
  // meanwhile; the program itself cannot be read now.
  if (isRefusedAfterSignOut(event)) return { program: null, values: null, timeZone: null, organizations: null };
  const [result, calendar, choices] = await Promise.all([getBetaProgram(event, Number(event.params.id)), getStaffCalendar(event), listBetaOrganizations(event)]);
  if (!result.ok) throwLoadError(event, result);
  if (!result.data.canManage) error(403, 'Only product managers and admins edit beta programs.');
  if (!calendar.ok) throwLoadError(event, calendar);
  const { timeZone } = calendar.data;
  return {
    program: { id: result.data.id, title: result.data.title },
    values: programFormFrom(result.data, timeZone),
    timeZone,
    organizations: choices.ok ? choices.data.organizations : null,
  };
};

export const actions = {
  default: async (event) => {
    const id = Number(event.params.id);
    const values = readProgramForm(await event.request.formData());
    // The deadline is typed on the workspace's clock; the API takes the instant.
    const calendar = await getStaffCalendar(event);
    if (!calendar.ok) return fail(calendar.status, { values, error: submitError(calendar), timeZone: null });
    const { timeZone } = calendar.data;
    const invalid = programFormError(values, timeZone);
    if (invalid) return fail(400, { values, error: invalid, timeZone });
    const result = await updateBetaProgram(event, id, programBodyFrom(values, timeZone));
    if (!result.ok) return fail(result.status, { values, error: submitError(result), timeZone });
    redirect(303, `/beta/${id}`);
  },
} satisfies Actions;
