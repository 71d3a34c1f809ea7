/**
 * Delay before retry number `attempt` (1 = first retry): exponential with a
 * cap, plus up to `jitter` of it drawn from `random` (passed in, so tests are
 * deterministic).
 */
export type BackoffOptions = { baseMs?: number; capMs?: number; jitter?: number; random?: () => number };

export function retryDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 5_000, capMs = 15 * 60_000, jitter = 0.2, random = () => 0.5 } = options;
  const n = Math.max(1, Math.floor(attempt));
  const exp = Math.min(capMs, baseMs * 2 ** (n - 1));
  return Math.round(exp * (1 - jitter / 2 + jitter * random()));
}

export type JobOutcome =
  | { state: "queued"; runAt: Date; lastError: string }
  | { state: "failed"; lastError: string };

/** What happens to a job whose handler threw on attempt `attempts` of `maxAttempts`. */
export function afterFailure(attempts: number, maxAttempts: number, error: string, now: Date, random?: () => number): JobOutcome {
  if (attempts >= maxAttempts) return { state: "failed", lastError: error };
  return { state: "queued", runAt: new Date(now.getTime() + retryDelayMs(attempts, { random })), lastError: error };
}
