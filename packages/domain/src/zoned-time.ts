/**
 * Times on the workspace's clock. SLA deadlines and check-in windows are set in the business
 * calendar's time zone, so staff read them there, not in UTC nor in wherever a server runs.
 */

type Parts = { weekday: string; day: string; month: string; year: string; hour: string; minute: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

// A fixed locale and an explicit zone: the server-rendered text and the hydrated page agree.
function partsOf(at: Date, timeZone: string): Parts {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return parts as Parts;
}

/**
 * A moment as staff read it in `timeZone`: "11:00" on the same local day as `reference`,
 * "Tue 1 Dec 11:00" on another day, "Fri 1 Jan 2027 11:00" in another year.
 */
export function zonedMoment({ at, timeZone, reference }: { at: Date; timeZone: string; reference: Date }): string {
  const moment = partsOf(at, timeZone);
  const today = partsOf(reference, timeZone);
  const time = `${moment.hour}:${moment.minute}`;
  if (moment.year !== today.year) return `${moment.weekday} ${moment.day} ${moment.month} ${moment.year} ${time}`;
  if (moment.month !== today.month || moment.day !== today.day) return `${moment.weekday} ${moment.day} ${moment.month} ${time}`;
  return time;
}
