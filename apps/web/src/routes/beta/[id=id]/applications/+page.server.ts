import { error, fail } from '@sveltejs/kit';
import type { BetaDecision } from '@townhall/contracts';
import type { Actions, PageServerLoad } from './$types';
import { decideBetaApplications, listBetaApplications } from '$lib/server/api';
import { keepSubmittedText, readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';

const decisions: readonly BetaDecision[] = ['accept', 'waitlist', 'decline', 'remove'];

export const load: PageServerLoad = async (event) => {
  const [result, timeZone] = await Promise.all([listBetaApplications(event, Number(event.params.id)), readerTimeZone(event)]);
  if (!result.ok) throwLoadError(event, result);
  // Staff read when people applied on the workspace's clock; `now` makes server and browser agree.
  return { ...result.data, timeZone, now: Date.now() };
};

export const actions = {
  /** One form for both: a row's own button sends `one=<id>:<decision>`; otherwise the ticked rows. */
  decide: async (event) => {
    const form = await event.request.formData();
    const message = readText(form, 'message').trim();
    // The list cannot be read by a guest: signed out meanwhile, the error page holds the message.
    keepSubmittedText(event, message);
    const one = readText(form, 'one');
    const [oneId, oneDecision] = one.split(':');
    const applicationIds = one ? [Number(oneId)] : form.getAll('ids').map(Number).filter((id) => Number.isInteger(id) && id > 0);
    const decision = (one ? oneDecision : readText(form, 'decision')) as BetaDecision;
    if (!decisions.includes(decision)) return fail(400, { decideError: 'Choose a decision', message });
    if (applicationIds.length === 0) return fail(400, { decideError: 'Tick at least one application', message });
    const result = await decideBetaApplications(event, Number(event.params.id), { applicationIds, decision, ...(message ? { message } : {}) });
    if (!result.ok) {
      if (result.status === 403) error(403, result.error.message);
      return fail(result.status, { decideError: submitError(result, { oneClick: !message }).message, message });
    }
    const refused = result.data.results.filter((r) => !r.ok);
    return {
      decided: result.data.results.length - refused.length,
      refused: refused.map((r) => `#${r.applicationId}: ${r.error?.message ?? 'refused'}`),
    };
  },
} satisfies Actions;
