import { describe, expect, it } from 'vitest';
import { checkForm, validateAnswers, type BetaQuestion } from './beta-form.ts';

const form: BetaQuestion[] = [
  { id: 'role', kind: 'short_text', label: 'Your role', required: true },
  { id: 'usage', kind: 'long_text', label: 'How would you use it?', required: false },
  { id: 'size', kind: 'single_choice', label: 'Team size', required: true, options: ['1-10', '11-100', '100+'] },
  { id: 'accept', kind: 'accept_precautions', label: 'I accept the precautions', required: true },
];
const good = { role: ' Admin ', size: '1-10', accept: true };

describe('validateAnswers', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['accepts complete answers', good, 'ok'],
    ['requires a required text', { ...good, role: '  ' }, 'role'],
    ['requires the precautions box ticked', { ...good, accept: false }, 'accept'],
    ['refuses a string for the precautions box', { ...good, accept: 'yes' }, 'accept'],
    ['refuses an option not offered', { ...good, size: '5' }, 'size'],
    ['refuses a question not on the form', { ...good, extra: 'x' }, 'extra'],
    ['refuses a number for text', { ...good, role: 5 }, 'role'],
    ['refuses a short text that is too long', { ...good, role: 'x'.repeat(201) }, 'role'],
  ])('%s', (_title, answers, expected) => {
    const result = validateAnswers({ form, answers });
    expect(result.ok ? 'ok' : result.questionId).toBe(expected);
  });

  it('trims answers and drops empty optional ones', () => {
    expect(validateAnswers({ form, answers: { ...good, usage: '' } })).toEqual({ ok: true, answers: { role: 'Admin', size: '1-10', accept: true } });
  });
});

describe('checkForm', () => {
  it.each<[string, BetaQuestion[], boolean]>([
    ['accepts a good form', form, true],
    ['needs the precautions box', form.slice(0, 3), false],
    ['refuses two precautions boxes', [...form, { ...form[3]!, id: 'accept2' }], false],
    ['refuses duplicate ids', [...form, { ...form[0]! }], false],
    ['refuses a choice with one option', [{ ...form[2]!, options: ['a'] }, form[3]!], false],
    ['refuses options on text', [{ ...form[0]!, options: ['a', 'b'] }, form[3]!], false],
    ['refuses an id with spaces', [{ ...form[0]!, id: 'a b' }, form[3]!], false],
  ])('%s', (_title, questions, expected) => {
    expect(checkForm(questions).ok).toBe(expected);
  });
});
