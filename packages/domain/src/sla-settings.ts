import { addBusinessMinutes, parseIsoDate, validateBusinessCalendar, type BusinessCalendar, type FieldFailure } from './business-calendar.ts';
import { defaultCheckInWindows, validateCheckInWindows, type CheckInWindow } from './check-in-windows.ts';
import { defaultSlaPolicy, validateSlaPolicy, type SlaPolicy } from './sla-policy.ts';

/** A workspace's whole SLA setup: its business calendar, check-in windows, alert lead time and targets. */
export interface SlaSettings extends BusinessCalendar, SlaPolicy {
  checkInWindows: readonly CheckInWindow[];
  /** Minutes before a window opens when its digest goes out. */
  alertLeadMinutes: number;
}

/** What a workspace has before an admin saves anything: UTC, Monday to Friday 09:00–18:00, two windows, default targets. */
export const defaultSlaSettings: SlaSettings = {
  timeZone: 'UTC',
  workingWeekdays: [1, 2, 3, 4, 5],
  workingHours: [{ start: '09:00', end: '18:00' }],
  holidays: [],
  makeUpWorkingDays: [],
  checkInWindows: defaultCheckInWindows,
  alertLeadMinutes: 30,
  ...defaultSlaPolicy,
};

/**
 * Checks SLA settings as an admin saves them, normalized (sorted, deduplicated), or names the bad
 * fields: the first of `problems` is `field` and `reason`, and each independent part (calendar,
 * check-in windows, alert lead time, targets) adds its own, so one save shows every part to fix.
 * Each target must also give a deadline on this calendar from `now`: a calendar with no working
 * time for years, or a target too long for the little it has, would otherwise leave questions
 * without a response clock (checked once the calendar and targets are valid).
 */
export function validateSlaSettings({
  settings,
  now,
}: {
  settings: SlaSettings;
  now: Date;
}): { ok: true; settings: SlaSettings } | (FieldFailure & { problems: FieldFailure[] }) {
  const problems: FieldFailure[] = [];
  const calendar = validateBusinessCalendar({ calendar: settings });
  if (!calendar.ok) problems.push(calendar);
  const windows = validateCheckInWindows({ windows: settings.checkInWindows });
  if (!windows.ok) problems.push({ ...windows, field: windows.field.replace(/^windows/, 'checkInWindows') });
  const lead = settings.alertLeadMinutes;
  if (!Number.isInteger(lead) || lead < 0 || lead > 1440) {
    problems.push({ ok: false, reason: 'the alert lead time is a whole number of minutes from 0 to 1440', field: 'alertLeadMinutes' });
  }
  const policy = validateSlaPolicy({ policy: settings });
  if (!policy.ok) problems.push(policy);
  if (calendar.ok && policy.ok) {
    for (const kind of ['firstResponseTargetMinutesByTier', 'nextResponseTargetMinutesByTier'] as const) {
      const targets = Object.entries(policy.policy[kind]);
      const [tier, longest] = targets.reduce((most, target) => (target[1] > most[1] ? target : most));
      const deadline = addBusinessMinutes({ calendar: calendar.calendar, start: now, minutes: longest });
      if (!deadline.ok) problems.push({ ok: false, reason: deadline.reason, field: `${kind}.${tier}` });
    }
  }
  if (problems.length > 0 || !calendar.ok || !windows.ok || !policy.ok) return { ...problems[0]!, problems };
  return {
    ok: true,
    settings: {
      ...calendar.calendar,
      checkInWindows: windows.windows,
      alertLeadMinutes: lead,
      firstResponseTargetMinutesByTier: { ...policy.policy.firstResponseTargetMinutesByTier },
      nextResponseTargetMinutesByTier: { ...policy.policy.nextResponseTargetMinutesByTier },
      lifecycleTargetFactor: policy.policy.lifecycleTargetFactor,
      tightenedLifecycleStages: policy.policy.tightenedLifecycleStages,
      renewalTighteningDays: policy.policy.renewalTighteningDays,
    },
  };
}

/** Checks a staff member's days off and backup, returning the days sorted and deduplicated. */
export function validateStaffCoverage({
  userId,
  daysOff,
  backupId,
}: {
  userId: number;
  daysOff: readonly string[];
  backupId: number | null;
}): { ok: true; daysOff: string[] } | FieldFailure {
  const days = new Set<string>();
  for (const [index, text] of daysOff.entries()) {
    if (!parseIsoDate({ text })) return { ok: false, reason: `"${String(text)}" is not a date (YYYY-MM-DD)`, field: `daysOff[${index}]` };
    days.add(text);
  }
  if (backupId === userId) return { ok: false, reason: 'a backup is someone else', field: 'backupId' };
  return { ok: true, daysOff: [...days].sort() };
}

/** One setting as it was and as it is now, for the audit log. */
export type SettingChange<T = unknown> = { from: T; to: T };
export type SlaSettingsChanges = { [K in keyof SlaSettings]?: SettingChange<SlaSettings[K]> };

/** A value as text with object keys sorted, so equal settings compare equal whatever order storage kept. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The settings that differ between `before` and `after`, each with its old and new value; `{}` when nothing changed. */
export function slaSettingsChanges({ before, after }: { before: SlaSettings; after: SlaSettings }): SlaSettingsChanges {
  const changes: Record<string, SettingChange> = {};
  for (const key of Object.keys(after) as (keyof SlaSettings)[]) {
    if (canonical(before[key]) !== canonical(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes as SlaSettingsChanges;
}
