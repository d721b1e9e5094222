/**
 * What the primary does when a worker process dies without being asked to: start another in its
 * place after a pause that grows with each recent death, or give up when workers keep dying (a
 * bad deploy, a database refusing connections), so the service manager above sees the failure
 * instead of a loop of restarts.
 */
export type RestartPolicy = { windowMs: number; maxDeaths: number; firstDelayMs: number; maxDelayMs: number };

export const defaultRestartPolicy: RestartPolicy = { windowMs: 60_000, maxDeaths: 5, firstDelayMs: 100, maxDelayMs: 5_000 };

export type RestartDecision = { restart: true; delayMs: number; deaths: number[] } | { restart: false; deaths: number[] };

/**
 * `deaths`: when workers died before (ms), oldest first; `now`: this death. Returns the deaths
 * still inside the window, this one included, to pass in next time.
 */
export function decideRestart(deaths: readonly number[], now: number, policy: RestartPolicy = defaultRestartPolicy): RestartDecision {
  const recent = [...deaths.filter((at) => now - at < policy.windowMs), now];
  if (recent.length > policy.maxDeaths) return { restart: false, deaths: recent };
  const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (recent.length - 1));
  return { restart: true, delayMs, deaths: recent };
}
