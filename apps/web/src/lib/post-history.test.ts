import { describe, expect, it } from 'vitest';
import { mayReadHistory } from './post-history';

describe('mayReadHistory', () => {
  const post = (canModerate: boolean) => ({ canModerate, author: { id: 7 } }) as Parameters<typeof mayReadHistory>[0];

  it('lets staff and the author read it, nobody else', () => {
    expect(mayReadHistory(post(true), 1)).toBe(true);
    expect(mayReadHistory(post(false), 7)).toBe(true);
    expect(mayReadHistory(post(false), 8)).toBe(false);
    expect(mayReadHistory(post(false), null)).toBe(false);
    expect(mayReadHistory(post(false), undefined)).toBe(false);
  });
});
