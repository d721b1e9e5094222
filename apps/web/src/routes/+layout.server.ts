import type { LayoutServerLoad } from './$types';
import { getUnreadCount, listBoards } from '$lib/server/api';

export const load: LayoutServerLoad = async (event) => {
  // Read the URL so this runs again on every navigation: the unread count stays current.
  void event.url.pathname;
  event.depends('townhall:unread');
  const [boards, unread] = await Promise.all([listBoards(event), event.locals.user ? getUnreadCount(event) : null]);
  // The header must render even when boards cannot be listed (the root layout has no error page
  // of its own); `null` tells the start page to show the error instead.
  return {
    user: event.locals.user,
    boards: boards.ok ? boards.data.boards : null,
    unreadCount: unread?.ok ? unread.data.unreadCount : 0,
  };
};
