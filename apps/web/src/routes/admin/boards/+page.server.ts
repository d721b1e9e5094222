import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createBoard, listAdminBoards, updateBoard } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { isRefusedAfterSignOut, throwLoadError } from '$lib/server/load-errors';
import { requireAdmin } from '../admin-guard';

export const load: PageServerLoad = async (event) => {
  // Signed out meanwhile: the refused form comes back as sent, since the list cannot be read now.
  if (isRefusedAfterSignOut(event)) return { boards: null };
  requireAdmin(event);
  const result = await listAdminBoards(event);
  if (!result.ok) throwLoadError(event, result);
  return { boards: result.data.boards };
};

/** Only the two choices the API takes; anything else is left out for the API to default or keep. */
function readVisibility(form: FormData): 'public' | 'members' | undefined {
  const value = readText(form, 'visibility');
  return value === 'public' || value === 'members' ? value : undefined;
}

export const actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const values = { name: readText(form, 'name'), slug: readText(form, 'slug'), description: readText(form, 'description'), visibility: readVisibility(form) };
    const result = await createBoard(event, { ...values, slug: values.slug.trim() || undefined });
    if (!result.ok) return fail(result.status, { action: 'create', values, error: submitError(result) });
    return { action: 'create', done: `Added ${result.data.name} at /b/${result.data.slug}.` };
  },

  update: async (event) => {
    const form = await event.request.formData();
    const id = Number(readText(form, 'id'));
    const position = readText(form, 'position').trim();
    const values = {
      name: readText(form, 'name'),
      description: readText(form, 'description'),
      visibility: readVisibility(form),
      // Not a number: NaN goes as null, and the API names the field.
      position: position === '' ? undefined : Number(position),
    };
    const result = await updateBoard(event, id, values);
    if (!result.ok) return fail(result.status, { action: 'update', id, values, error: submitError(result) });
    return { action: 'update', id, done: 'Saved.' };
  },
} satisfies Actions;
