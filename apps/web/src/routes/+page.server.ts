import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
  const { boards } = await parent();
  if (boards === null) error(503, 'The boards could not be loaded right now. Please try again in a moment.');
  return { boards };
};
