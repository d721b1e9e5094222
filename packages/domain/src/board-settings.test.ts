import { describe, expect, it } from 'vitest';
import { boardSlugFromName, boardSlugProblem, canAddBoardOfKind, settableBoardVisibilities } from './board-settings.ts';

describe('boardSlugProblem', () => {
  it.each(['qa', 'reports-and-exports', 'v2', 'a1-b2'])('accepts %s', (slug) => {
    expect(boardSlugProblem(slug)).toBeNull();
  });

  it.each([
    ['a', 'must be 2 to 40 characters'],
    ['x'.repeat(41), 'must be 2 to 40 characters'],
    ['Reports', 'may hold only'],
    ['-reports', 'may hold only'],
    ['reports--exports', 'may hold only'],
    ['reports_exports', 'may hold only'],
    ['报表', 'may hold only'],
  ])('refuses %s', (slug, problem) => {
    expect(boardSlugProblem(slug)).toContain(problem);
  });
});

describe('boardSlugFromName', () => {
  it('makes a slug of the Latin letters and digits of a name', () => {
    expect(boardSlugFromName('Reports & Exports')).toBe('reports-exports');
    expect(boardSlugFromName('  Café API v2 ')).toBe('cafe-api-v2');
  });

  it('cuts a long name to 40 characters, without a dash at the end', () => {
    const slug = boardSlugFromName('Integrations with accounting, payroll and identity providers')!;
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toBe('integrations-with-accounting-payroll-and');
    expect(boardSlugFromName(`${'x'.repeat(39)} more`)).toBe('x'.repeat(39));
  });

  it('gives up on names without enough Latin letters', () => {
    expect(boardSlugFromName('报表与导出')).toBeNull();
    expect(boardSlugFromName('报表 X')).toBeNull();
  });
});

describe('what admins may change', () => {
  it('adds Q&A boards only, and sets who reads Q&A boards only', () => {
    expect(canAddBoardOfKind('qa')).toBe(true);
    expect(canAddBoardOfKind('release_notes')).toBe(false);
    expect(canAddBoardOfKind('beta')).toBe(false);
    expect(settableBoardVisibilities('qa')).toEqual(['public', 'members']);
    expect(settableBoardVisibilities('release_notes')).toEqual([]);
    expect(settableBoardVisibilities('beta')).toEqual([]);
  });
});
