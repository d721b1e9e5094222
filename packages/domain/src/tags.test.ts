import { describe, expect, it } from 'vitest';
import { normalizeTags } from './tags.ts';

describe('normalizeTags', () => {
  it.each([
    [['SSO', ' sso ', 'Audit Log'], ['sso', 'audit-log']],
    [['报表', 'export'], ['报表', 'export']],
    [[], []],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeTags(input)).toEqual({ ok: true, tags: expected });
  });

  it.each([[['-leading']], [['a'.repeat(31)]], [['<script>']], [['a', 'b', 'c', 'd', 'e', 'f']]])('rejects %j', (input) => {
    expect(normalizeTags(input).ok).toBe(false);
  });
});
