import { describe, expect, it } from 'vitest';
import { decideRestart, type RestartPolicy } from './restart-policy.ts';

const policy: RestartPolicy = { windowMs: 60_000, maxDeaths: 3, firstDelayMs: 100, maxDelayMs: 1_000 };

describe('decideRestart', () => {
  it('restarts a first death after the first delay', () => {
    expect(decideRestart([], 1_000, policy)).toEqual({ restart: true, delayMs: 100, deaths: [1_000] });
  });

  it('doubles the delay with each recent death, up to the ceiling', () => {
    expect(decideRestart([1_000], 2_000, policy)).toMatchObject({ restart: true, delayMs: 200 });
    expect(decideRestart([1_000, 2_000], 3_000, policy)).toMatchObject({ restart: true, delayMs: 400 });
    const roomy = { ...policy, maxDeaths: 10 };
    expect(decideRestart([1, 2, 3, 4, 5], 6, roomy)).toMatchObject({ restart: true, delayMs: 1_000 });
  });

  it('gives up when more workers died within the window than the policy allows', () => {
    expect(decideRestart([1_000, 2_000, 3_000], 4_000, policy)).toEqual({ restart: false, deaths: [1_000, 2_000, 3_000, 4_000] });
  });

  it('forgets deaths older than the window', () => {
    const decision = decideRestart([1_000, 2_000, 3_000], 62_500, policy);
    expect(decision).toEqual({ restart: true, delayMs: 200, deaths: [3_000, 62_500] });
  });
});
