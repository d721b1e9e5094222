import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { listNotifications, markAllNotificationsRead, markNotificationsRead } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';

export const load: PageServerLoad = async (event) => {
  const unread = event.url.searchParams.get('unread') === 'true';
  const [result, timeZone] = await Promise.all([
    listNotifications(event, { cursor: event.url.searchParams.get('cursor'), unread }),
    readerTimeZone(event),
  ]);
  if (!result.ok) throwLoadError(event, result);
  return { page: result.data, unread, timeZone, now: Date.now() };
};

export const actions = {
  readAll: async (event) => {
    const result = await markAllNotificationsRead(event);
    if (!result.ok) return fail(result.status, { error: submitError(result, { oneClick: true }) });
    return { marked: result.data.marked };
  },
  read: async (event) => {
    const id = Number(readText(await event.request.formData(), 'id'));
    const result = await markNotificationsRead(event, [id]);
    if (!result.ok) return fail(result.status, { error: submitError(result, { oneClick: true }) });
    return { marked: result.data.marked };
  },
} satisfies Actions;
