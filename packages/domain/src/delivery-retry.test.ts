import { describe, expect, it } from 'vitest';
import { maxDeliveryAttempts, nextDeliveryAttemptAt } from './delivery-retry.ts';

describe('nextDeliveryAttemptAt', () => {
  const failedAt = new Date('2026-01-01T00:00:00Z');
  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [4, 8],
    [5, 16],
  ])('after attempt %i waits %i minutes', (attempts, minutes) => {
    expect(nextDeliveryAttemptAt({ attempts, failedAt })).toEqual(new Date(failedAt.getTime() + minutes * 60_000));
  });
  it('gives up after the last attempt', () => {
    expect(nextDeliveryAttemptAt({ attempts: maxDeliveryAttempts, failedAt })).toBeNull();
  });
});
