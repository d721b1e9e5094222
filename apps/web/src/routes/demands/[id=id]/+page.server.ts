import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { ScoreDemandBody } from '@townhall/contracts';
import { getDemand, removeDemandSource, scoreDemand, setDemandStatus } from '$lib/server/api';
import { keepSubmittedText, readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';

export const load: PageServerLoad = async (event) => {
  const result = await getDemand(event, Number(event.params.id));
  if (!result.ok) throwLoadError(event, result);
  return { demand: result.data };
};

/** A whole number from the form, or NaN (the API then names the field). */
function readScore(form: FormData, name: string): number {
  const text = readText(form, name).trim();
  return text === '' ? Number.NaN : Number(text);
}

// A refused score or status comes back in its form as typed (without JavaScript the page is drawn
// again from the demand); the reasons are kept for the error page when the demand cannot be shown
// again (signed out meanwhile: only staff read demands).
export const actions = {
  score: async (event) => {
    const form = await event.request.formData();
    const typed = {
      userValue: readText(form, 'userValue'),
      businessValue: readText(form, 'businessValue'),
      valueKinds: form.getAll('valueKinds').filter((value): value is string => typeof value === 'string'),
      overrideVerdict: readText(form, 'overrideVerdict'),
      overrideReason: readText(form, 'overrideReason'),
    };
    keepSubmittedText(event, typed.overrideReason);
    const body = {
      userValue: readScore(form, 'userValue'),
      businessValue: readScore(form, 'businessValue'),
      valueKinds: typed.valueKinds,
      override: typed.overrideVerdict === '' ? null : { verdict: typed.overrideVerdict, reason: typed.overrideReason },
    } as ScoreDemandBody;
    const result = await scoreDemand(event, Number(event.params.id), body);
    if (!result.ok) return fail(result.status, { scoreError: submitError(result), refusedScore: typed });
    return { scored: true };
  },
  removeSource: async (event) => {
    const form = await event.request.formData();
    const topicId = Number(readText(form, 'topicId'));
    const result = await removeDemandSource(event, Number(event.params.id), topicId);
    if (!result.ok) return fail(result.status, { sourceError: submitError(result) });
    return { sourceRemoved: topicId };
  },
  status: async (event) => {
    const form = await event.request.formData();
    const typedReason = readText(form, 'reason');
    keepSubmittedText(event, typedReason);
    const reason = typedReason.trim();
    const status = readText(form, 'status');
    const result = await setDemandStatus(event, Number(event.params.id), { status, ...(status === 'declined' && reason ? { reason } : {}) });
    if (!result.ok) return fail(result.status, { statusError: submitError(result), refusedStatus: { status, reason: typedReason } });
    return { statusChanged: true };
  },
} satisfies Actions;
