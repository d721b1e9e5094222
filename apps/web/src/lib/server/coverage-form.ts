import { fail, type RequestEvent } from '@sveltejs/kit';
import { parseBusinessDateList } from '@townhall/domain';
import { saveCoverage } from './api';
import { readText, submitError } from './forms';

/** The coverage form's action: reads boards, pasted days off and the backup, and saves them (for `userId`, or oneself). */
export async function saveCoverageFromForm(event: RequestEvent, userId?: number) {
  const form = await event.request.formData();
  const values = {
    boardIds: form.getAll('boardIds').map(Number).filter((id) => Number.isInteger(id) && id > 0),
    daysOff: readText(form, 'daysOff'),
    backupId: Number(readText(form, 'backupId')) || null,
  };
  const daysOff = parseBusinessDateList({ text: values.daysOff });
  if (!daysOff.ok) return fail(400, { values, error: { code: 'VALIDATION_FAILED', message: daysOff.reason, field: 'daysOff' } });
  const result = await saveCoverage(event, { boardIds: values.boardIds, daysOff: daysOff.dates, backupId: values.backupId }, userId);
  if (!result.ok) {
    const error = submitError(result);
    // `boardIds[1]` belongs to the boards group, `daysOff[0]` to the days-off box.
    return fail(result.status, { values, error: { ...error, field: error.field?.split(/[[.]/)[0] } });
  }
  return { done: 'Saved.' };
}
