import { describe, expect, it } from 'vitest';
import { extractMentions, handleCandidates, handleFromDisplayName, maxMentionsPerPost } from './mentions.ts';

describe('extractMentions', () => {
  it.each([
    ['plain mention', 'Thanks @ana!', ['ana']],
    ['several, in order, without repeats', '@bob and @Ana and @bob again', ['bob', 'ana']],
    ['handles with dots and hyphens', 'ping @ana.lima and @dev-ops', ['ana.lima', 'dev-ops']],
    ['trailing punctuation is not part of the handle', 'ask @ana.', ['ana']],
    ['start of a line', '@ops please look', ['ops']],
    ['e-mail addresses are not mentions', 'write to ana@acme.test', []],
    ['URLs are not mentions', 'see https://x.test/@ana and /@bob', []],
    ['inline code is skipped', 'use `@ana` literally', []],
    ['fenced code is skipped', '```\n@ana\n```\nthen @bob', ['bob']],
    ['indented code is skipped', 'text\n\n    @ana in code\n\n@bob', ['bob']],
    ['a single character is too short', 'hi @a', []],
    ['double at is not a mention', '@@ana', []],
    ['Chinese text around a mention', '请 @ana 看一下', ['ana']],
  ])('%s', (_name, markdown, expected) => {
    expect(extractMentions(markdown)).toEqual(expected);
  });

  it(`stops at ${maxMentionsPerPost} people`, () => {
    const body = Array.from({ length: 15 }, (_, i) => `@user${i}`).join(' ');
    expect(extractMentions(body)).toHaveLength(maxMentionsPerPost);
    expect(extractMentions(body)[0]).toBe('user0');
  });
});

describe('handleFromDisplayName', () => {
  it.each([
    ['Ana Lima', 'ana.lima'],
    ['  José   Müller ', 'jose.muller'],
    ["O'Brien", 'o.brien'],
    ['李雷', 'member'],
    ['X', 'member'],
    ['Ops 24/7', 'ops.24.7'],
    ['a'.repeat(40), 'a'.repeat(24)],
  ])('%s → %s', (name, handle) => {
    expect(handleFromDisplayName(name)).toBe(handle);
  });
});

describe('handleCandidates', () => {
  it('tries the base, then numbered variants', () => {
    expect(handleCandidates('ana', 3)).toEqual(['ana', 'ana2', 'ana3']);
  });
});
