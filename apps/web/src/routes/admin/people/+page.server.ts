import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { listAdminOrganizations, listAdminPeople, setPersonActive, updatePerson } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { requireAdmin } from '../admin-guard';
import { readOptionalId, readRole } from '../form-values';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const q = event.url.searchParams.get('q') ?? '';
  const cursor = event.url.searchParams.get('cursor');
  const [people, organizations] = await Promise.all([listAdminPeople(event, { q, cursor }), listAdminOrganizations(event)]);
  if (!people.ok) throwLoadError(event, people);
  if (!organizations.ok) throwLoadError(event, organizations);
  return {
    q,
    isFirstPage: !cursor,
    people: people.data.items,
    nextCursor: people.data.nextCursor,
    organizations: organizations.data.organizations.map(({ id, name }) => ({ id, name })),
    viewerId: event.locals.user!.id,
  };
};

const idOf = (form: FormData) => Number(readText(form, 'id'));

export const actions = {
  update: async (event) => {
    const form = await event.request.formData();
    const id = idOf(form);
    const result = await updatePerson(event, id, { role: readRole(form), organizationId: readOptionalId(form, 'organizationId') });
    if (!result.ok) return fail(result.status, { id, error: submitError(result) });
    return { id, done: 'Saved.' };
  },

  deactivate: async (event) => {
    const id = idOf(await event.request.formData());
    const result = await setPersonActive(event, id, false);
    if (!result.ok) return fail(result.status, { id, error: submitError(result) });
    return { id, done: 'Deactivated: their sessions have ended; their posts stay.' };
  },

  reactivate: async (event) => {
    const id = idOf(await event.request.formData());
    const result = await setPersonActive(event, id, true);
    if (!result.ok) return fail(result.status, { id, error: submitError(result) });
    return { id, done: 'Reactivated.' };
  },
} satisfies Actions;
