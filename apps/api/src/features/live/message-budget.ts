/**
 * How many messages a socket may still send: a token bucket that holds `burst` messages and
 * refills at `perSecond`. Each message a client sends costs the server a database read, so one
 * socket must not be able to send them as fast as its connection allows.
 */
export type MessageBudget = { tokens: number; at: number };

export function fullBudget(burst: number, now: number): MessageBudget {
  return { tokens: burst, at: now };
}

/** Takes one message from the budget at `now` (ms); `allowed` is false once it is spent. */
export function spendMessage(budget: MessageBudget, now: number, limits: { burst: number; perSecond: number }): { budget: MessageBudget; allowed: boolean } {
  const refilled = Math.min(limits.burst, budget.tokens + (Math.max(0, now - budget.at) / 1000) * limits.perSecond);
  if (refilled < 1) return { budget: { tokens: refilled, at: now }, allowed: false };
  return { budget: { tokens: refilled - 1, at: now }, allowed: true };
}
