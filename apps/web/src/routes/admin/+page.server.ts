import type { PageServerLoad } from './$types';
import { requireAdmin } from './admin-guard';

export const load: PageServerLoad = (event) => {
  requireAdmin(event);
};
