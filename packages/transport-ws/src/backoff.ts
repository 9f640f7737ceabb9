/** The settled reconnect settings. */
export interface Backoff {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  jitter: number;
}

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential growth up to the cap, with
 * the `jitter` fraction of it randomised so that many clients dropped at once do not return
 * in lockstep.
 */
export function backoffDelay(attempt: number, b: Backoff, random: () => number = Math.random) {
  const base = Math.min(b.maxDelayMs, b.initialDelayMs * b.factor ** (attempt - 1));
  return Math.round(base * (1 - b.jitter * random()));
}
