import type { SlaSettings } from '@townhall/contracts';
import { lifecycleStages, parseBusinessDateList, type LifecycleStage } from '@townhall/domain';

/** The settings as the form's fields show them: lists of intervals and dates as text, one a line. */
export type SlaFormValues = {
  timeZone: string;
  workingWeekdays: number[];
  workingHours: string;
  holidays: string;
  makeUpWorkingDays: string;
  checkInWindows: string;
  alertLeadMinutes: string;
  first: Record<'head' | 'waist' | 'tail', string>;
  next: Record<'head' | 'waist' | 'tail', string>;
  lifecycleTargetFactor: string;
  tightenedLifecycleStages: string[];
  renewalTighteningDays: string;
};

const tiers = ['head', 'waist', 'tail'] as const;

/** The settings as form values. */
export function toFormValues(settings: SlaSettings): SlaFormValues {
  return {
    timeZone: settings.timeZone,
    workingWeekdays: settings.workingWeekdays,
    workingHours: settings.workingHours.map((i) => `${i.start}-${i.end}`).join('\n'),
    holidays: settings.holidays.join('\n'),
    makeUpWorkingDays: settings.makeUpWorkingDays.join('\n'),
    checkInWindows: settings.checkInWindows.map((w) => `${w.opens}-${w.closes}`).join('\n'),
    alertLeadMinutes: String(settings.alertLeadMinutes),
    first: { head: String(settings.firstResponseTargetMinutesByTier.head), waist: String(settings.firstResponseTargetMinutesByTier.waist), tail: String(settings.firstResponseTargetMinutesByTier.tail) },
    next: { head: String(settings.nextResponseTargetMinutesByTier.head), waist: String(settings.nextResponseTargetMinutesByTier.waist), tail: String(settings.nextResponseTargetMinutesByTier.tail) },
    lifecycleTargetFactor: String(settings.lifecycleTargetFactor),
    tightenedLifecycleStages: [...settings.tightenedLifecycleStages],
    renewalTighteningDays: String(settings.renewalTighteningDays),
  };
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** Reads the submitted form back into form values (to show again after an error). */
export function readFormValues(form: FormData): SlaFormValues {
  return {
    timeZone: text(form, 'timeZone').trim(),
    workingWeekdays: form.getAll('workingWeekdays').map(Number).filter((day) => Number.isInteger(day)),
    workingHours: text(form, 'workingHours'),
    holidays: text(form, 'holidays'),
    makeUpWorkingDays: text(form, 'makeUpWorkingDays'),
    checkInWindows: text(form, 'checkInWindows'),
    alertLeadMinutes: text(form, 'alertLeadMinutes'),
    first: { head: text(form, 'first.head'), waist: text(form, 'first.waist'), tail: text(form, 'first.tail') },
    next: { head: text(form, 'next.head'), waist: text(form, 'next.waist'), tail: text(form, 'next.tail') },
    lifecycleTargetFactor: text(form, 'lifecycleTargetFactor'),
    tightenedLifecycleStages: form.getAll('tightenedLifecycleStages').filter((s): s is string => typeof s === 'string'),
    renewalTighteningDays: text(form, 'renewalTighteningDays'),
  };
}

type ParseFailure = { ok: false; field: string; message: string };

/** A field the form could not read or the API refused, as the API names it (`holidays[3]`). */
export type FieldProblem = { field: string; message: string };

function parseIntervals(value: string, field: string): { ok: true; intervals: [string, string][] } | ParseFailure {
  const intervals: [string, string][] = [];
  for (const [index, raw] of value.split(/\r\n|\r|\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$/.exec(line);
    if (!match) return { ok: false, field, message: `Line ${index + 1}: "${line}" is not a time range like 09:00-12:00` };
    const pad = (time: string) => time.padStart(5, '0');
    intervals.push([pad(match[1]!), pad(match[2]!)]);
  }
  return { ok: true, intervals };
}

function parseNumber(value: string, field: string): { ok: true; number: number } | ParseFailure {
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number)) return { ok: false, field, message: 'Enter a number' };
  return { ok: true, number };
}

/**
 * The request body for the form, or every field that cannot be read (so one submit shows them
 * all); the API checks the contents.
 */
export function toSettingsBody(values: SlaFormValues): { ok: true; body: SlaSettings } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const hours = parseIntervals(values.workingHours, 'workingHours');
  if (!hours.ok) problems.push(hours);
  const windows = parseIntervals(values.checkInWindows, 'checkInWindows');
  if (!windows.ok) problems.push(windows);
  const holidays = parseBusinessDateList({ text: values.holidays });
  if (!holidays.ok) problems.push({ field: 'holidays', message: holidays.reason });
  const makeUp = parseBusinessDateList({ text: values.makeUpWorkingDays });
  if (!makeUp.ok) problems.push({ field: 'makeUpWorkingDays', message: makeUp.reason });
  const numbers: Record<string, number> = {};
  const numberFields: [string, string][] = [
    ['alertLeadMinutes', values.alertLeadMinutes],
    ['lifecycleTargetFactor', values.lifecycleTargetFactor],
    ['renewalTighteningDays', values.renewalTighteningDays],
    ...tiers.flatMap((tier): [string, string][] => [
      [`firstResponseTargetMinutesByTier.${tier}`, values.first[tier]],
      [`nextResponseTargetMinutesByTier.${tier}`, values.next[tier]],
    ]),
  ];
  for (const [field, value] of numberFields) {
    const parsed = parseNumber(value, field);
    if (parsed.ok) numbers[field] = parsed.number;
    else problems.push(parsed);
  }
  if (problems.length > 0 || !hours.ok || !windows.ok || !holidays.ok || !makeUp.ok) {
    return { ok: false, problems: problems.map(({ field, message }) => ({ field, message })) };
  }
  return {
    ok: true,
    body: {
      timeZone: values.timeZone,
      workingWeekdays: values.workingWeekdays,
      workingHours: hours.intervals.map(([start, end]) => ({ start, end })),
      holidays: holidays.dates,
      makeUpWorkingDays: makeUp.dates,
      checkInWindows: windows.intervals.map(([opens, closes]) => ({ opens, closes })),
      alertLeadMinutes: numbers.alertLeadMinutes!,
      firstResponseTargetMinutesByTier: { head: numbers['firstResponseTargetMinutesByTier.head']!, waist: numbers['firstResponseTargetMinutesByTier.waist']!, tail: numbers['firstResponseTargetMinutesByTier.tail']! },
      nextResponseTargetMinutesByTier: { head: numbers['nextResponseTargetMinutesByTier.head']!, waist: numbers['nextResponseTargetMinutesByTier.waist']!, tail: numbers['nextResponseTargetMinutesByTier.tail']! },
      lifecycleTargetFactor: numbers.lifecycleTargetFactor!,
      tightenedLifecycleStages: values.tightenedLifecycleStages.filter((stage): stage is LifecycleStage => (lifecycleStages as readonly string[]).includes(stage)),
      renewalTighteningDays: numbers.renewalTighteningDays!,
    },
  };
}

/**
 * Each problem under its form field (the first for a field wins), without the field name the
 * API puts in front: under its own box, "timeZone: "X" is not…" reads ""X" is not…".
 */
export function fieldMessages(problems: readonly FieldProblem[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const { field, message } of problems) {
    const formField = formFieldOf(field);
    if (!formField || formField in messages) continue;
    messages[formField] = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  }
  return messages;
}

/** The form field an API error is about: `holidays[3]` belongs to the holidays box. */
export function formFieldOf(field: string | undefined): string | undefined {
  if (!field) return undefined;
  const match = /^(first|next)ResponseTargetMinutesByTier\.(head|waist|tail)/.exec(field);
  if (match) return `${match[1]}.${match[2]}`;
  return field.split(/[[.]/)[0];
}
