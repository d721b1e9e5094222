import { describe, expect, it } from 'vitest';
import { fullBudget, spendMessage, type MessageBudget } from './message-budget.ts';

const limits = { burst: 3, perSecond: 2 };

/** Sends at each of `times` (ms) and says which were allowed. */
function send(times: number[]): boolean[] {
  let budget: MessageBudget = fullBudget(limits.burst, 0);
  return times.map((now) => {
    const result = spendMessage(budget, now, limits);
    budget = result.budget;
    return result.allowed;
  });
}

describe('spendMessage', () => {
  it('allows a burst up to its size, then refuses', () => {
    expect(send([0, 0, 0, 0])).toEqual([true, true, true, false]);
  });

  it('refills at the rate per second', () => {
    // Spent at 0; half a second later one message has come back (2 a second), not two.
    expect(send([0, 0, 0, 500, 500])).toEqual([true, true, true, true, false]);
  });

  it('never holds more than the burst, however long the socket was quiet', () => {
    expect(send([0, 60_000, 60_000, 60_000, 60_000])).toEqual([true, true, true, true, false]);
  });

  it('a refused message does not cost a token', () => {
    // Refused at 0 (spent), at 250 ms half a token has come back: still refused, and the half stays.
    expect(send([0, 0, 0, 0, 250, 500])).toEqual([true, true, true, false, false, true]);
  });
});
