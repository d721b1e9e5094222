/** The kinds of question a beta application form can ask. */
export const betaQuestionKinds = ['short_text', 'long_text', 'single_choice', 'accept_precautions'] as const;
export type BetaQuestionKind = (typeof betaQuestionKinds)[number];

export type BetaQuestion = {
  id: string;
  kind: BetaQuestionKind;
  label: string;
  /** Accepting the precautions is always required. */
  required: boolean;
  /** For single choice only. */
  options?: string[];
};

export type BetaAnswers = Record<string, string | boolean>;

const maxLength: Record<'short_text' | 'long_text', number> = { short_text: 200, long_text: 5000 };

/** A form must have unique ids, options for choices, and exactly one "I accept the precautions" box. */
export function checkForm(form: readonly BetaQuestion[]): { ok: true } | { ok: false; reason: string } {
  const ids = new Set<string>();
  for (const question of form) {
    if (!/^[a-z0-9_-]{1,40}$/.test(question.id)) return { ok: false, reason: `question id "${question.id}" must be 1–40 of a-z, 0-9, _ and -` };
    if (ids.has(question.id)) return { ok: false, reason: `question id "${question.id}" is used twice` };
    ids.add(question.id);
    if (question.label.trim() === '') return { ok: false, reason: `question "${question.id}" needs a label` };
    if (question.kind === 'single_choice') {
      const options = question.options ?? [];
      if (options.length < 2 || new Set(options).size !== options.length || options.some((o) => o.trim() === '')) {
        return { ok: false, reason: `question "${question.id}" needs at least two distinct options` };
      }
    } else if (question.options !== undefined && question.options.length > 0) {
      return { ok: false, reason: `question "${question.id}" is not a choice and takes no options` };
    }
  }
  if (form.filter((question) => question.kind === 'accept_precautions').length !== 1) {
    return { ok: false, reason: 'the form needs exactly one "I accept the precautions" checkbox' };
  }
  return { ok: true };
}

export type AnswersCheck = { ok: true; answers: BetaAnswers } | { ok: false; questionId: string; reason: string };

/**
 * Checks answers against the form and returns them trimmed, keeping only the form's questions.
 * The first problem names its question id.
 */
export function validateAnswers({ form, answers }: { form: readonly BetaQuestion[]; answers: Readonly<Record<string, unknown>> }): AnswersCheck {
  const known = new Set(form.map((question) => question.id));
  const unknown = Object.keys(answers).find((id) => !known.has(id));
  if (unknown !== undefined) return { ok: false, questionId: unknown, reason: 'is not a question of this form' };
  const clean: BetaAnswers = {};
  for (const question of form) {
    const value = answers[question.id];
    if (question.kind === 'accept_precautions') {
      if (value !== true) return { ok: false, questionId: question.id, reason: 'must be ticked to apply' };
      clean[question.id] = true;
      continue;
    }
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (question.required) return { ok: false, questionId: question.id, reason: 'is required' };
      continue;
    }
    if (typeof value !== 'string') return { ok: false, questionId: question.id, reason: 'must be text' };
    const text = value.trim();
    if (question.kind === 'single_choice') {
      if (!(question.options ?? []).includes(text)) return { ok: false, questionId: question.id, reason: 'must be one of the options' };
    } else if (text.length > maxLength[question.kind]) {
      return { ok: false, questionId: question.id, reason: `must be at most ${maxLength[question.kind]} characters` };
    }
    clean[question.id] = text;
  }
  return { ok: true, answers: clean };
}
