import { describe, expect, it } from 'vitest';
import type { SlaSettings } from '@townhall/contracts';
import { defaultSlaSettings } from '@townhall/domain';
import { fieldMessages, toFormValues, toSettingsBody } from './sla-form';

// The API's shape of the defaults (mutable lists), as the page loads them.
const settings = structuredClone(defaultSlaSettings) as SlaSettings;
const values = toFormValues(settings);

describe('toSettingsBody', () => {
  it('reads the form back into the settings it showed', () => {
    expect(toSettingsBody(values)).toEqual({ ok: true, body: settings });
  });

  it('names every field it cannot read, not only the first', () => {
    const parsed = toSettingsBody({ ...values, workingHours: '9 to 5', holidays: 'soon', alertLeadMinutes: '', next: { ...values.next, tail: 'x' } });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((problem) => problem.field)).toEqual(['workingHours', 'holidays', 'alertLeadMinutes', 'nextResponseTargetMinutesByTier.tail']);
  });
});

describe('fieldMessages', () => {
  it('puts each problem under its box, without the field name, the first per box', () => {
    expect(
      fieldMessages([
        { field: 'holidays[3]', message: 'holidays[3]: "2026-02-30" is not a date' },
        { field: 'holidays[4]', message: 'holidays[4]: later' },
        { field: 'firstResponseTargetMinutesByTier.head', message: 'firstResponseTargetMinutesByTier.head: too long' },
        { field: 'timeZone', message: 'Choose a zone' },
      ]),
    ).toEqual({ holidays: '"2026-02-30" is not a date', 'first.head': 'too long', timeZone: 'Choose a zone' });
  });
});
