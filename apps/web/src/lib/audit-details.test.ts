import { describe, expect, it } from 'vitest';
import { describeAuditDetails, formatAuditValue } from './audit-details.ts';

describe('describeAuditDetails', () => {
  it('turns SLA setting changes into labelled before and after lines', () => {
    const lines = describeAuditDetails({
      changes: {
        alertLeadMinutes: { from: 30, to: 15 },
        workingWeekdays: { from: [1, 2, 3, 4, 5], to: [1, 2, 3, 4, 5, 6] },
        workingHours: { from: [{ start: '09:00', end: '18:00' }], to: [{ start: '08:00', end: '17:00' }] },
        firstResponseTargetMinutesByTier: { from: { head: 120, waist: 240, tail: 480 }, to: { head: 90, waist: 240, tail: 480 } },
        holidays: { from: [], to: ['2026-05-01'] },
      },
    });
    expect(lines).toEqual({
      changes: [
        { label: 'Alert lead time (minutes)', from: '30', to: '15' },
        { label: 'Working days', from: 'Mon, Tue, Wed, Thu, Fri', to: 'Mon, Tue, Wed, Thu, Fri, Sat' },
        { label: 'Working hours', from: '09:00–18:00', to: '08:00–17:00' },
        { label: 'First response targets (business minutes)', from: 'head 120, waist 240, tail 480', to: 'head 90, waist 240, tail 480' },
        { label: 'Holidays', from: 'none', to: '2026-05-01' },
      ],
      facts: [],
    });
  });

  it('shows other details as labelled facts', () => {
    expect(describeAuditDetails({ reason: 'spam', organizationId: null, role: 'pm' }).facts).toEqual([
      { label: 'reason', value: 'spam' },
      { label: 'organizationId', value: '—' },
      { label: 'role', value: 'pm' },
    ]);
  });

  it('treats a `changes` that is not of from/to pairs as a fact', () => {
    expect(describeAuditDetails({ changes: { title: 'New' } })).toEqual({ changes: [], facts: [{ label: 'changes', value: 'title New' }] });
  });
});

describe('formatAuditValue', () => {
  it('shows check-in windows as ranges', () => {
    expect(formatAuditValue([{ opens: '09:00', closes: '09:30' }, { opens: '17:30', closes: '18:00' }])).toBe('09:00–09:30, 17:30–18:00');
  });
});
