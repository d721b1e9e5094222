import type { BetaProgramDetail, BetaQuestion, CreateBetaProgramBody, ErrorBody } from '@townhall/contracts';
import { instantFromWorkspaceTimeField, workspaceTimeFieldValue } from '$lib/workspace-time-field';

/** How many free questions the form offers besides the precautions checkbox (no JS needed). */
export const questionSlots = 5;
export const tierOptions = ['head', 'waist', 'tail'] as const;
export const stageOptions = ['onboarding', 'adoption', 'expansion', 'renewal', 'churn-risk'] as const;

export type QuestionValues = { kind: string; label: string; required: boolean; options: string };

/** What the program form shows: strings as typed, so a failed submit can be shown again. */
export type ProgramFormValues = {
  title: string;
  introduction: string;
  precautions: string;
  eligibleTiers: string[];
  eligibleStages: string[];
  eligibleOrganizationIds: string;
  seatCapacity: string;
  quotaHead: string;
  quotaWaist: string;
  quotaTail: string;
  perOrganizationCap: string;
  /** On the workspace's clock, as a datetime-local field holds it (2026-12-01T09:00). */
  applicationDeadline: string;
  autoAccept: boolean;
  precautionsLabel: string;
  questions: QuestionValues[];
};

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

const emptyQuestion = (): QuestionValues => ({ kind: '', label: '', required: false, options: '' });

/** A new program's form: recruiting for two weeks from `now`, on the clock of `timeZone`. */
export function emptyProgramForm(now: Date, timeZone: string): ProgramFormValues {
  const deadline = new Date(now.getTime() + 14 * 86_400_000);
  return {
    title: '',
    introduction: '',
    precautions: '',
    eligibleTiers: [],
    eligibleStages: [],
    eligibleOrganizationIds: '',
    seatCapacity: '10',
    quotaHead: '',
    quotaWaist: '',
    quotaTail: '',
    perOrganizationCap: '',
    applicationDeadline: workspaceTimeFieldValue(deadline.toISOString(), timeZone),
    autoAccept: false,
    precautionsLabel: 'I accept the precautions',
    questions: [{ kind: 'short_text', label: 'What is your role?', required: true, options: '' }, ...Array.from({ length: questionSlots - 1 }, emptyQuestion)],
  };
}

/** The form filled from a program, for editing, its deadline on the clock of `timeZone`. */
export function programFormFrom(program: BetaProgramDetail, timeZone: string): ProgramFormValues {
  const accept = program.form.find((question) => question.kind === 'accept_precautions');
  const others = program.form.filter((question) => question.kind !== 'accept_precautions');
  return {
    title: program.title,
    introduction: program.source?.introduction ?? '',
    precautions: program.source?.precautions ?? '',
    eligibleTiers: program.eligibleTiers,
    eligibleStages: program.eligibleStages,
    eligibleOrganizationIds: program.eligibleOrganizations.map((org) => org.id).join(', '),
    seatCapacity: String(program.seatCapacity),
    quotaHead: program.tierQuotas?.head?.toString() ?? '',
    quotaWaist: program.tierQuotas?.waist?.toString() ?? '',
    quotaTail: program.tierQuotas?.tail?.toString() ?? '',
    perOrganizationCap: program.perOrganizationCap?.toString() ?? '',
    applicationDeadline: workspaceTimeFieldValue(program.applicationDeadline, timeZone),
    autoAccept: program.autoAccept,
    precautionsLabel: accept?.label ?? 'I accept the precautions',
    questions: [
      ...others.map((q) => ({ kind: q.kind, label: q.label, required: q.required, options: (q.options ?? []).join(', ') })),
      ...Array.from({ length: Math.max(0, questionSlots - others.length) }, emptyQuestion),
    ],
  };
}

export function readProgramForm(form: FormData): ProgramFormValues {
  return {
    title: text(form, 'title'),
    introduction: text(form, 'introduction'),
    precautions: text(form, 'precautions'),
    eligibleTiers: form.getAll('eligibleTiers').filter((v): v is string => typeof v === 'string'),
    eligibleStages: form.getAll('eligibleStages').filter((v): v is string => typeof v === 'string'),
    // Picked by name (several values) or typed as ids (one value): the same comma-separated text.
    eligibleOrganizationIds: form
      .getAll('eligibleOrganizationIds')
      .filter((value): value is string => typeof value === 'string')
      .join(', '),
    seatCapacity: text(form, 'seatCapacity'),
    quotaHead: text(form, 'quotaHead'),
    quotaWaist: text(form, 'quotaWaist'),
    quotaTail: text(form, 'quotaTail'),
    perOrganizationCap: text(form, 'perOrganizationCap'),
    applicationDeadline: text(form, 'applicationDeadline'),
    autoAccept: form.get('autoAccept') === 'on',
    precautionsLabel: text(form, 'precautionsLabel'),
    questions: Array.from({ length: questionSlots }, (_, i) => ({
      kind: text(form, `q${i}.kind`),
      label: text(form, `q${i}.label`),
      required: form.get(`q${i}.required`) === 'on',
      options: text(form, `q${i}.options`),
    })),
  };
}

const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

/** The named organizations' ids as typed ("12, 40"): every entry must be one, none is dropped. */
function organizationIdsFrom(typed: string): { ids: number[] } | { notAnId: string } {
  const entries = typed.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const notAnId = entries.find((entry) => !/^[1-9][0-9]{0,14}$/.test(entry));
  return notAnId === undefined ? { ids: [...new Set(entries.map(Number))] } : { notAnId };
}

/** The deadline typed on the workspace's clock, as the instant the API takes. */
const deadlineFrom = (values: ProgramFormValues, timeZone: string) =>
  instantFromWorkspaceTimeField({ value: values.applicationDeadline, timeZone, field: 'applicationDeadline', label: 'Application deadline' });

/** What the form itself can tell is wrong before asking the API (which checks the rest). */
export function programFormError(values: ProgramFormValues, timeZone: string): ErrorBody['error'] | null {
  const organizations = organizationIdsFrom(values.eligibleOrganizationIds);
  if ('notAnId' in organizations) {
    return {
      code: 'VALIDATION_FAILED',
      message: `“${organizations.notAnId}” is not an organization id: give the numbers from Admin → Organizations, separated by commas`,
      field: 'eligibleOrganizationIds',
    };
  }
  const deadline = deadlineFrom(values, timeZone);
  return deadline.ok ? null : deadline.error;
}

/** The API body from the form checked by programFormError, the deadline read on the clock of `timeZone`. */
export function programBodyFrom(values: ProgramFormValues, timeZone: string): CreateBetaProgramBody {
  const organizations = organizationIdsFrom(values.eligibleOrganizationIds);
  const quotas = { head: numberOrNull(values.quotaHead), waist: numberOrNull(values.quotaWaist), tail: numberOrNull(values.quotaTail) };
  const hasQuotas = Object.values(quotas).some((n) => n !== null);
  const questions: BetaQuestion[] = values.questions
    .map((question, i) => ({ question, id: `q${i + 1}` }))
    .filter(({ question }) => question.kind !== '' && question.label.trim() !== '')
    .map(({ question, id }) => ({
      id,
      kind: question.kind as BetaQuestion['kind'],
      label: question.label.trim(),
      required: question.required,
      ...(question.kind === 'single_choice'
        ? { options: question.options.split(',').map((o) => o.trim()).filter(Boolean) }
        : {}),
    }));
  const deadline = deadlineFrom(values, timeZone);
  return {
    title: values.title,
    introduction: values.introduction,
    precautions: values.precautions,
    eligibleTiers: values.eligibleTiers as CreateBetaProgramBody['eligibleTiers'],
    eligibleStages: values.eligibleStages as CreateBetaProgramBody['eligibleStages'],
    // Checked by programFormError first; nothing typed is dropped here.
    eligibleOrganizationIds: 'ids' in organizations ? organizations.ids : [],
    seatCapacity: Number(values.seatCapacity),
    tierQuotas: hasQuotas
      ? Object.fromEntries(Object.entries(quotas).filter(([, n]) => n !== null)) as CreateBetaProgramBody['tierQuotas']
      : null,
    perOrganizationCap: numberOrNull(values.perOrganizationCap),
    // Checked by programFormError first; what cannot be read goes as typed, for the API to name.
    applicationDeadline: deadline.ok ? deadline.iso : values.applicationDeadline,
    form: [...questions, { id: 'accept', kind: 'accept_precautions', label: values.precautionsLabel.trim() || 'I accept the precautions', required: true }],
    autoAccept: values.autoAccept,
  };
}
