import type { PageServerLoad } from './$types';
import { listAuditLog } from '$lib/server/api';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';

export const load: PageServerLoad = async (event) => {
  const read = (name: string) => event.url.searchParams.get(name)?.trim() ?? '';
  const filter = { action: read('action'), actor: read('actor') };
  const [result, timeZone] = await Promise.all([listAuditLog(event, { ...filter, cursor: read('cursor') }), readerTimeZone(event)]);
  // Admins read when on the workspace's clock, like the SLA pages; `now` makes server and browser agree.
  const clock = { timeZone, now: Date.now() };
  if (result.ok) return { filter, log: result.data, filterError: null, ...clock };
  // A filter naming no known action or person is the reader's typo: say so beside the filters.
  if (result.status === 400 && (result.error.field === 'action' || result.error.field === 'actor')) {
    return { filter, log: { items: [], nextCursor: null }, filterError: result.error, ...clock };
  }
  throwLoadError(event, result);
};
