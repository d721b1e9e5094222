import { describe, expect, it } from 'vitest';
import { draftStorageKey, draftToRestore, draftToStore, parseStoredDraft } from './drafts.ts';

const now = new Date('2026-11-27T10:00:00Z');
const stored = (text: string, savedAt = '2026-11-27T09:00:00.000Z') => JSON.stringify({ text, savedAt });

describe('draftStorageKey', () => {
  it.each([
    { userId: 7, draft: 'reply:12', key: 'townhall.draft.7.reply:12' },
    { userId: null, draft: 'reply:12', key: null },
    { userId: undefined, draft: 'reply:12', key: null },
    { userId: 7, draft: null, key: null },
    { userId: 7, draft: '', key: null },
  ])('$userId, $draft → $key', ({ userId, draft, key }) => {
    expect(draftStorageKey(userId, draft)).toBe(key);
  });
});

describe('draftToStore', () => {
  it.each([
    { text: 'half an answer', initial: '', stored: { text: 'half an answer', savedAt: now.toISOString() } },
    { text: '   \n', initial: '', stored: null },
    { text: 'as loaded', initial: 'as loaded', stored: null },
    { text: 'as loaded, then more', initial: 'as loaded', stored: { text: 'as loaded, then more', savedAt: now.toISOString() } },
  ])('$text (loaded: $initial)', ({ text, initial, stored: expected }) => {
    expect(draftToStore({ text, initial, now })).toEqual(expected);
  });
});

describe('parseStoredDraft', () => {
  it.each([
    { name: 'a fresh draft', raw: stored('hello'), draft: { text: 'hello', savedAt: '2026-11-27T09:00:00.000Z' } },
    { name: 'nothing stored', raw: null, draft: null },
    { name: 'not JSON', raw: '{oops', draft: null },
    { name: 'the wrong shape', raw: JSON.stringify({ text: 5, savedAt: 'x' }), draft: null },
    { name: 'JSON null', raw: 'null', draft: null },
    { name: 'an unreadable time', raw: stored('hello', 'yesterday'), draft: null },
    { name: 'older than 30 days', raw: stored('hello', '2026-10-27T09:00:00.000Z'), draft: null },
    { name: 'just under 30 days', raw: stored('hello', '2026-10-28T10:00:01.000Z'), draft: { text: 'hello', savedAt: '2026-10-28T10:00:01.000Z' } },
  ])('$name', ({ raw, draft }) => {
    expect(parseStoredDraft(raw, now)).toEqual(draft);
  });
});

describe('draftToRestore', () => {
  const draft = { text: 'my unsent answer', savedAt: now.toISOString() };
  it.each([
    { name: 'into an empty, untouched field', draft, current: '', initial: '', restored: 'my unsent answer' },
    { name: 'into an edit form still holding the post', draft, current: 'the post', initial: 'the post', restored: 'my unsent answer' },
    { name: 'not over text typed before hydration', draft, current: 'typed already', initial: '', restored: null },
    { name: 'not when it is already there', draft, current: 'my unsent answer', initial: 'my unsent answer', restored: null },
    { name: 'not without a draft', draft: null, current: '', initial: '', restored: null },
  ])('$name', ({ draft: given, current, initial, restored }) => {
    expect(draftToRestore({ draft: given, current, initial })).toBe(restored);
  });
});
