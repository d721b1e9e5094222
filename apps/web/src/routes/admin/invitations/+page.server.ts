import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createInvitation, listAdminOrganizations } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { requireAdmin } from '../admin-guard';
import { readOptionalId, readRole } from '../form-values';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const organizations = await listAdminOrganizations(event);
  if (!organizations.ok) throwLoadError(event, organizations);
  return { organizations: organizations.data.organizations.map(({ id, name }) => ({ id, name })) };
};

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const days = readText(form, 'expiresInDays').trim();
    const result = await createInvitation(event, {
      organizationId: readOptionalId(form, 'organizationId'),
      role: readRole(form),
      expiresInDays: days === '' ? undefined : Number(days),
    });
    if (!result.ok) return fail(result.status, { error: submitError(result) });
    // Shown once: only the token's hash is stored, so this page cannot show it again.
    return { invitation: { ...result.data, url: new URL(result.data.link, event.url.origin).toString() } };
  },
} satisfies Actions;
