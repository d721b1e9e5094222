import { describe, expect, it } from 'vitest';
import { defaultSlaSettings, slaSettingsChanges, validateSlaSettings, validateStaffCoverage, type SlaSettings } from './sla-settings.ts';

const now = new Date('2026-03-02T08:00:00Z');

describe('validateSlaSettings', () => {
  it('accepts the defaults and normalizes lists', () => {
    const result = validateSlaSettings({
      settings: { ...defaultSlaSettings, timeZone: 'Asia/Shanghai', holidays: ['2026-10-02', '2026-10-01', '2026-10-01'], checkInWindows: [...defaultSlaSettings.checkInWindows].reverse() },
      now,
    });
    expect(result).toMatchObject({ ok: true, settings: { timeZone: 'Asia/Shanghai', holidays: ['2026-10-01', '2026-10-02'], checkInWindows: defaultSlaSettings.checkInWindows } });
  });

  it.each<[string, Partial<SlaSettings>, string]>([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a bad holiday', { holidays: ['2026-02-30'] }, 'holidays[0]'],
    ['a make-up day on a working weekday', { makeUpWorkingDays: ['2026-01-14'] }, 'makeUpWorkingDays[0]'],
    ['overlapping hours', { workingHours: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '18:00' }] }, 'workingHours[1]'],
    ['a window closing before it opens', { checkInWindows: [{ opens: '10:00', closes: '09:00' }] }, 'checkInWindows[0].closes'],
    ['no windows', { checkInWindows: [] }, 'checkInWindows'],
    ['a negative lead time', { alertLeadMinutes: -1 }, 'alertLeadMinutes'],
    ['a zero target', { firstResponseTargetMinutesByTier: { head: 0, waist: 240, tail: 480 } }, 'firstResponseTargetMinutesByTier.head'],
    ['a factor above 1', { lifecycleTargetFactor: 1.5 }, 'lifecycleTargetFactor'],
    ['renewal days out of range', { renewalTighteningDays: 400 }, 'renewalTighteningDays'],
    [
      'a target too long for the working time of its calendar (a year of minutes, one minute a week)',
      { workingWeekdays: [1], workingHours: [{ start: '09:00', end: '09:01' }], firstResponseTargetMinutesByTier: { head: 120, waist: 240, tail: 525_600 } },
      'firstResponseTargetMinutesByTier.tail',
    ],
    [
      'a calendar without working time for years (every working day a holiday)',
      { workingWeekdays: [1], holidays: Array.from({ length: 120 }, (_, week) => new Date(Date.UTC(2026, 2, 2 + 7 * week)).toISOString().slice(0, 10)) },
      'firstResponseTargetMinutesByTier.tail',
    ],
  ])('rejects %s', (_title, change, field) => {
    expect(validateSlaSettings({ settings: { ...defaultSlaSettings, ...change }, now })).toMatchObject({ ok: false, field, problems: expect.arrayContaining([expect.objectContaining({ field })]) });
  });

  it('names a problem in each part at once, the first as `field`', () => {
    const result = validateSlaSettings({
      settings: { ...defaultSlaSettings, timeZone: 'Mars/Olympus', checkInWindows: [], alertLeadMinutes: -1, lifecycleTargetFactor: 1.5 },
      now,
    });
    expect(result).toMatchObject({ ok: false, field: 'timeZone' });
    expect(!result.ok && result.problems.map((problem) => problem.field)).toEqual(['timeZone', 'checkInWindows', 'alertLeadMinutes', 'lifecycleTargetFactor']);
  });
});

describe('validateStaffCoverage', () => {
  it('sorts and deduplicates days off', () => {
    expect(validateStaffCoverage({ userId: 1, daysOff: ['2026-02-02', '2026-01-30', '2026-02-02'], backupId: 2 })).toEqual({ ok: true, daysOff: ['2026-01-30', '2026-02-02'] });
  });

  it.each<[string, string[], number | null, string]>([
    ['a bad date', ['2026-13-01'], null, 'daysOff[0]'],
    ['oneself as backup', [], 1, 'backupId'],
  ])('rejects %s', (_title, daysOff, backupId, field) => {
    expect(validateStaffCoverage({ userId: 1, daysOff, backupId })).toMatchObject({ ok: false, field });
  });
});

describe('slaSettingsChanges', () => {
  it('names each changed setting with its old and new value, and nothing else', () => {
    const after: SlaSettings = {
      ...defaultSlaSettings,
      timeZone: 'Asia/Shanghai',
      alertLeadMinutes: 15,
      firstResponseTargetMinutesByTier: { ...defaultSlaSettings.firstResponseTargetMinutesByTier, head: 45 },
    };
    expect(slaSettingsChanges({ before: defaultSlaSettings, after })).toEqual({
      timeZone: { from: 'UTC', to: 'Asia/Shanghai' },
      alertLeadMinutes: { from: 30, to: 15 },
      firstResponseTargetMinutesByTier: { from: defaultSlaSettings.firstResponseTargetMinutesByTier, to: after.firstResponseTargetMinutesByTier },
    });
  });

  it('sees no change in the same settings stored with their keys in another order', () => {
    const reordered = Object.fromEntries(Object.entries(defaultSlaSettings.firstResponseTargetMinutesByTier).reverse());
    const after = { ...defaultSlaSettings, firstResponseTargetMinutesByTier: reordered } as SlaSettings;
    expect(slaSettingsChanges({ before: defaultSlaSettings, after })).toEqual({});
  });

  it('sees a changed list entry', () => {
    const after = { ...defaultSlaSettings, holidays: ['2026-10-01'] };
    expect(slaSettingsChanges({ before: defaultSlaSettings, after })).toEqual({ holidays: { from: [], to: ['2026-10-01'] } });
  });
});
