import type { RequestEvent } from '@sveltejs/kit';
import type { FormError } from '$lib/forms';
import { getStaffCalendar } from '$lib/server/api';
import { submitError } from '$lib/server/forms';
import { instantFromWorkspaceTimeField } from '$lib/workspace-time-field';
import type { ReleaseNoteFormValues } from './release-note-form';

/**
 * The body's `publishAt`: with "Publish at a set time", the instant of the time typed on the
 * workspace's clock (read from the API only then); otherwise none, and an empty field is left to
 * the API to name. `timeZone` is the zone read (null when none was), for the form's label after a
 * refusal; a refusal also carries the status and the error to show on the form.
 */
export async function readPublishAt(
  event: RequestEvent,
  values: ReleaseNoteFormValues,
): Promise<{ ok: true; publishAt: string | undefined; timeZone: string | null } | { ok: false; status: number; error: FormError; timeZone: string | null }> {
  if (values.publish !== 'at' || values.publishAt === '') return { ok: true, publishAt: undefined, timeZone: null };
  const calendar = await getStaffCalendar(event);
  if (!calendar.ok) return { ok: false, status: calendar.status, error: submitError(calendar), timeZone: null };
  const { timeZone } = calendar.data;
  const read = instantFromWorkspaceTimeField({ value: values.publishAt, timeZone, field: 'publishAt', label: 'Publish at' });
  return read.ok ? { ok: true, publishAt: read.iso, timeZone } : { ok: false, status: 400, error: read.error, timeZone };
}
