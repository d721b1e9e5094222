import type { RequestEvent } from '@sveltejs/kit';
import { can } from '@townhall/domain';
import { getStaffCalendar } from './api';

/**
 * The time zone a reader sees times in: staff work on the workspace's clock, so they read its
 * zone; customers and guests read UTC (null), as do staff when the calendar cannot be read now
 * (the UTC text is still right, and says it is UTC). Asks the API only for staff.
 */
export async function readerTimeZone(event: RequestEvent): Promise<string | null> {
  const user = event.locals.user;
  if (!user || !can({ role: user.role, action: 'sla.read' })) return null;
  const calendar = await getStaffCalendar(event);
  return calendar.ok ? calendar.data.timeZone : null;
}
