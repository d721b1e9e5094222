/** A delivery (e-mail, webhook) is tried this many times before it is marked failed. */
export const maxDeliveryAttempts = 6;

/**
 * When to try a failed delivery again: 1, 2, 4, 8, 16 minutes after attempts 1–5, capped at an
 * hour; null once `maxDeliveryAttempts` have failed.
 */
export function nextDeliveryAttemptAt({ attempts, failedAt }: { attempts: number; failedAt: Date }): Date | null {
  if (attempts >= maxDeliveryAttempts) return null;
  const minutes = Math.min(2 ** Math.max(attempts - 1, 0), 60);
  return new Date(failedAt.getTime() + minutes * 60_000);
}
