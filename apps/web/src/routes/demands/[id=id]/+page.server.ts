import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { ScoreDemandBody } from '@townhall/contracts';
import { getDemand, removeDemandSource, scoreDemand, setDemandStatus } from '$lib/server/api';
import { readText, submitError } from '$lib/server/forms';
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

export const actions = {
  score: async (event) => {
    const form = await event.request.formData();
    const verdict = readText(form, 'overrideVerdict');
    const body = {
      userValue: readScore(form, 'userValue'),
      businessValue: readScore(form, 'businessValue'),
      valueKinds: form.getAll('valueKinds').filter((value): value is string => typeof value === 'string'),
      override: verdict === '' ? null : { verdict, reason: readText(form, 'overrideReason') },
    } as ScoreDemandBody;
    const result = await scoreDemand(event, Number(event.params.id), body);
    if (!result.ok) return fail(result.status, { scoreError: submitError(result) });
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
    const reason = readText(form, 'reason').trim();
    const status = readText(form, 'status');
    const result = await setDemandStatus(event, Number(event.params.id), { status, ...(status === 'declined' && reason ? { reason } : {}) });
    if (!result.ok) return fail(result.status, { statusError: submitError(result) });
    return { statusChanged: true };
  },
} satisfies Actions;
