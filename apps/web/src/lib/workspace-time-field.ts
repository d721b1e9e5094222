import { instantToLocalDateTime, localDateTimeToInstant } from '@townhall/domain';
import type { FormError } from './forms';

/** The label of a date-and-time field typed on the workspace's clock: "Publish at (Asia/Shanghai time)". */
export function workspaceTimeLabel(label: string, timeZone: string | null | undefined): string {
  return `${label} (${timeZone ?? 'workspace'} time)`;
}

/**
 * A datetime-local field's value, typed on the clock of `timeZone`, as the ISO instant the API
 * takes. A time the clocks skip, or anything that is not a date and time, is a 400 on the field.
 */
export function instantFromWorkspaceTimeField({
  value,
  timeZone,
  field,
  label,
}: {
  value: string;
  timeZone: string;
  field: string;
  label: string;
}): { ok: true; iso: string } | { ok: false; error: FormError } {
  const read = localDateTimeToInstant({ local: value, timeZone });
  if (read.ok) return { ok: true, iso: read.at.toISOString() };
  const message =
    read.reason === 'skipped_by_clock_change'
      ? `${label}: ${value.replace('T', ' ')} does not exist in ${timeZone}, because the clocks go forward then; choose a time after the change`
      : `${label} must be a date and time on the ${timeZone} clock, like 2026-12-01T09:00`;
  return { ok: false, error: { code: 'VALIDATION_FAILED', message, field } };
}

/** An ISO instant as a datetime-local field shows it on the clock of `timeZone`. */
export function workspaceTimeFieldValue(iso: string, timeZone: string): string {
  return instantToLocalDateTime({ at: new Date(iso), timeZone });
}
