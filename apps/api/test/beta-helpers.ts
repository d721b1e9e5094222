import type { Person, TestApp } from './test-app.ts';

let seq = 0;

/** A valid program body; override any field. */
export function programBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `Bulk export beta ${++seq}`,
    introduction: 'Try **bulk export** before everyone else.',
    precautions: 'Data may be _lost_; keep it confidential.',
    eligibleTiers: [],
    eligibleStages: [],
    eligibleOrganizationIds: [],
    seatCapacity: 5,
    tierQuotas: null,
    perOrganizationCap: null,
    applicationDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    form: [
      { id: 'role', kind: 'short_text', label: 'Your role', required: true },
      { id: 'size', kind: 'single_choice', label: 'Team size', required: false, options: ['1-10', '11+'] },
      { id: 'accept', kind: 'accept_precautions', label: 'I accept the precautions', required: true },
    ],
    autoAccept: false,
    ...overrides,
  };
}

export const goodAnswers = { role: 'Admin', size: '1-10', accept: true };

/** Creates a program as `pm` and opens recruiting; returns its detail. */
export async function recruitingProgram(t: TestApp, pm: Person, overrides: Record<string, unknown> = {}) {
  const created = await t.request({ method: 'POST', url: '/api/beta/programs', cookie: pm.cookie, body: programBody(overrides) });
  if (created.statusCode !== 201) throw new Error(`create failed: ${created.body}`);
  const id = created.json().id as number;
  const opened = await t.request({ method: 'POST', url: `/api/beta/programs/${id}/status`, cookie: pm.cookie, body: { status: 'recruiting' } });
  if (opened.statusCode !== 200) throw new Error(`recruiting failed: ${opened.body}`);
  return opened.json() as { id: number; feedbackBoard: { slug: string } };
}

export const apply = (t: TestApp, person: Person, programId: number, answers: unknown = goodAnswers) =>
  t.request({ method: 'POST', url: `/api/beta/programs/${programId}/applications`, cookie: person.cookie, body: { answers } });

export const decide = (t: TestApp, pm: Person, programId: number, applicationIds: number[], decision: string, message?: string) =>
  t.request({
    method: 'POST',
    url: `/api/beta/programs/${programId}/decisions`,
    cookie: pm.cookie,
    body: { applicationIds, decision, ...(message ? { message } : {}) },
  });
