import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { verifyEmail } from '$lib/server/api';
import { submitError } from '$lib/server/forms';

// Confirming takes a press of a button (a POST), so a mail scanner that fetches the link does not.
export const actions = {
  default: async (event) => {
    const result = await verifyEmail(event, event.params.token);
    if (!result.ok) return fail(result.status, { error: submitError(result) });
    return { confirmed: true, joinedOrganization: result.data.joinedOrganization };
  },
} satisfies Actions;
