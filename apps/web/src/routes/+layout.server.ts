import type { LayoutServerLoad } from './$types';
import { listBoards } from '$lib/server/api';

export const load: LayoutServerLoad = async (event) => {
  const boards = await listBoards(event);
  // The header must render even when boards cannot be listed (the root layout has no error page
  // of its own); `null` tells the start page to show the error instead.
  return {
    user: event.locals.user,
    boards: boards.ok ? boards.data.boards : null,
  };
};
