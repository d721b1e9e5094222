import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLiveCursors } from './live-cursor.ts';

const cursors = createLiveCursors(Buffer.alloc(32, 7));

describe('createLiveCursors', () => {
  it('reads back the id of every cursor it made', () => {
    for (const id of [0, 1, 2, 41, 1_000_000, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      expect(cursors.fromCursor(cursors.toCursor(id))).toBe(id);
    }
  });

  it('makes the same cursor for the same id, 22 URL-safe characters that do not show it', () => {
    expect(cursors.toCursor(41)).toBe(cursors.toCursor(41));
    const made = [40, 41, 42].map((id) => cursors.toCursor(id));
    for (const cursor of made) expect(cursor).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(made).size).toBe(3);
    // Neighbouring ids share nothing recognisable: no common beginning.
    expect(made[0]!.slice(0, 4)).not.toBe(made[1]!.slice(0, 4));
  });

  it('refuses a cursor made under another key', () => {
    const other = createLiveCursors(randomBytes(32));
    expect(other.fromCursor(cursors.toCursor(41))).toBeNull();
  });

  it('refuses an altered cursor', () => {
    const cursor = cursors.toCursor(41);
    for (let i = 0; i < cursor.length; i++) {
      const altered = cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
      expect(cursors.fromCursor(altered), altered).toBeNull();
    }
  });

  it('refuses what is not a cursor', () => {
    for (const text of ['', '41', 'not a cursor', 'A'.repeat(21), 'A'.repeat(23), `${'A'.repeat(21)}=`, 'A'.repeat(22)]) {
      expect(cursors.fromCursor(text), text).toBeNull();
    }
  });

  it('needs a 256-bit key', () => {
    expect(() => createLiveCursors(Buffer.alloc(16))).toThrow();
  });
});
