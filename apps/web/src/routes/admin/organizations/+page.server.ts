import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import {
  addOrganizationDomain,
  createOrganization,
  listAdminOrganizations,
  removeOrganizationDomain,
  updateOrganization,
} from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { requireAdmin } from '../admin-guard';
import { readStage, readTier } from '../form-values';

export const load: PageServerLoad = async (event) => {
  // Someone signed out meanwhile gets the refused form back as sent (its action's values): the
  // create form, or a rename or new domain drawn on its own, since the list cannot be read now.
  if (isRefusedAfterSignOut(event)) return { organizations: null };
  requireAdmin(event);
  const result = await listAdminOrganizations(event);
  if (!result.ok) throwLoadError(event, result);
  return { organizations: result.data.organizations };
};

const idOf = (form: FormData) => Number(readText(form, 'id'));

export const actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const values = { name: readText(form, 'name'), tier: readTier(form), lifecycleStage: readStage(form), renewalOn: readText(form, 'renewalOn') };
    const result = await createOrganization(event, { ...values, renewalOn: values.renewalOn || null });
    if (!result.ok) return fail(result.status, { action: 'create', values, error: submitError(result) });
    return { action: 'create', done: `Created ${result.data.name}.` };
  },

  update: async (event) => {
    const form = await event.request.formData();
    const id = idOf(form);
    const values = { name: readText(form, 'name'), tier: readTier(form), lifecycleStage: readStage(form), renewalOn: readText(form, 'renewalOn') || null };
    const result = await updateOrganization(event, id, values);
    if (!result.ok) return fail(result.status, { action: 'update', id, values, error: submitError(result) });
    return { action: 'update', id, done: 'Saved.' };
  },

  addDomain: async (event) => {
    const form = await event.request.formData();
    const id = idOf(form);
    const domain = readText(form, 'domain');
    const result = await addOrganizationDomain(event, id, domain);
    if (!result.ok) return fail(result.status, { action: 'addDomain', id, domain, error: submitError(result) });
    return { action: 'addDomain', id, done: 'Domain added.' };
  },

  removeDomain: async (event) => {
    const form = await event.request.formData();
    const id = idOf(form);
    const result = await removeOrganizationDomain(event, id, readText(form, 'domain'));
    if (!result.ok) return fail(result.status, { action: 'removeDomain', id, error: submitError(result) });
    return { action: 'removeDomain', id, done: 'Domain removed.' };
  },
} satisfies Actions;
