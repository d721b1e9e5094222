import { fail } from '@sveltejs/kit';
import type { BetaProgramStatus } from '@townhall/contracts';
import type { Actions, PageServerLoad } from './$types';
import { applyToBeta, getBetaProgram, setBetaProgramStatus, withdrawBetaApplication } from '$lib/server/api';
import { keepSubmittedText, readText, submitError } from '$lib/server/forms';
import { throwLoadError } from '$lib/server/load-errors';
import { readerTimeZone } from '$lib/server/workspace-clock';

export const load: PageServerLoad = async (event) => {
  // Guests are sent to sign in by the API's 401 (throwLoadError); after an application refused
  // because the session ended, the error page holds its answers instead.
  const [result, timeZone] = await Promise.all([getBetaProgram(event, Number(event.params.id)), readerTimeZone(event)]);
  if (!result.ok) throwLoadError(event, result);
  return { program: result.data, timeZone, now: Date.now() };
};

export const actions = {
  apply: async (event) => {
    const id = Number(event.params.id);
    const form = await event.request.formData();
    // Everything typed goes back with any refusal, also one before the program could be read
    // (say, the session ended meanwhile).
    const typed: Record<string, string> = {};
    for (const [name, value] of form) {
      if (name.startsWith('answer.') && typeof value === 'string') typed[name.slice('answer.'.length)] = value;
    }
    // The program's questions cannot be read then, so the error page shows the answers alone.
    keepSubmittedText(event, Object.values(typed).filter((answer) => answer !== 'on').join('\n\n'));
    const program = await getBetaProgram(event, id);
    if (!program.ok) return fail(program.status, { applyError: submitError(program), typed });
    // Checkboxes arrive as "on" when ticked and not at all otherwise; texts as typed.
    const answers: Record<string, string | boolean> = {};
    for (const question of program.data.form) {
      if (question.kind === 'accept_precautions') answers[question.id] = typed[question.id] === 'on';
      else if ((typed[question.id] ?? '') !== '') answers[question.id] = typed[question.id]!;
    }
    const result = await applyToBeta(event, id, { answers });
    if (!result.ok) return fail(result.status, { applyError: submitError(result), typed });
    return { applied: true };
  },

  withdraw: async (event) => {
    const result = await withdrawBetaApplication(event, Number(event.params.id));
    if (!result.ok) return fail(result.status, { withdrawError: submitError(result, { oneClick: true }).message });
    return { withdrawn: true };
  },

  status: async (event) => {
    const form = await event.request.formData();
    const result = await setBetaProgramStatus(event, Number(event.params.id), readText(form, 'status') as BetaProgramStatus);
    if (!result.ok) return fail(result.status, { statusError: submitError(result, { oneClick: true }).message });
    return { statusChanged: true };
  },
} satisfies Actions;
