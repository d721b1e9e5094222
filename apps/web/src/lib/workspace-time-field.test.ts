import { describe, expect, it } from 'vitest';
import { instantFromWorkspaceTimeField, workspaceTimeFieldValue, workspaceTimeLabel } from './workspace-time-field.ts';

const read = (value: string, timeZone: string) => instantFromWorkspaceTimeField({ value, timeZone, field: 'publishAt', label: 'Publish at' });

describe('instantFromWorkspaceTimeField', () => {
  it('reads the field on the workspace clock', () => {
    expect(read('2026-12-01T07:30', 'Asia/Shanghai')).toEqual({ ok: true, iso: '2026-11-30T23:30:00.000Z' });
  });

  it('refuses a time the clocks skip, naming the field and the zone', () => {
    expect(read('2026-03-29T02:30', 'Europe/Berlin')).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Publish at: 2026-03-29 02:30 does not exist in Europe/Berlin, because the clocks go forward then; choose a time after the change',
        field: 'publishAt',
      },
    });
  });

  it('refuses what is not a date and time, naming the field', () => {
    expect(read('tomorrow', 'UTC')).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'publishAt' } });
  });
});

describe('workspaceTimeFieldValue and workspaceTimeLabel', () => {
  it('shows an instant as the field holds it, and names the zone in the label', () => {
    expect(workspaceTimeFieldValue('2026-11-30T23:30:00.000Z', 'Asia/Shanghai')).toBe('2026-12-01T07:30');
    expect(workspaceTimeLabel('Publish at', 'Asia/Shanghai')).toBe('Publish at (Asia/Shanghai time)');
    expect(workspaceTimeLabel('Publish at', null)).toBe('Publish at (workspace time)');
  });
});
