import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createInvitation, listAdminInvitations, listAdminOrganizations, revokeInvitation } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';
import { requireAdmin } from '../admin-guard';
import { readOptionalId, readRole } from '../form-values';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const cursor = event.url.searchParams.get('cursor');
  const [invitations, organizations, timeZone] = await Promise.all([
    listAdminInvitations(event, cursor),
    listAdminOrganizations(event),
    readerTimeZone(event),
  ]);
  if (!invitations.ok) throwLoadError(event, invitations);
  if (!organizations.ok) throwLoadError(event, organizations);
  return {
    isFirstPage: !cursor,
    invitations: invitations.data.items,
    nextCursor: invitations.data.nextCursor,
    organizations: organizations.data.organizations.map(({ id, name }) => ({ id, name })),
    // Admins read when on the workspace's clock; `now` makes server and browser agree.
    timeZone,
    now: Date.now(),
  };
};

export const actions = {
  create: async (event) => {
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

  revoke: async (event) => {
    const id = readText(await event.request.formData(), 'id');
    const result = await revokeInvitation(event, id);
    if (!result.ok) return fail(result.status, { id, revokeError: submitError(result, { oneClick: true }) });
    return { id, revoked: 'Revoked: the link no longer works.' };
  },
} satisfies Actions;
