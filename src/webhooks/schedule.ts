/**
 * When a failed delivery is tried again, and when a failing subscription is switched off.
 * Pure functions; the delivery job applies them.
 *
 * Retry schedule after the n-th failed attempt (1-based), each ±20 % random jitter so a
 * receiver that comes back is not hit by every queued delivery at the same second:
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — 8 attempts over about 27 hours.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const JITTER = 0.2;

/** The wait after failed attempt `attempt`, or null when it was the last one. `random` ∈ [0, 1). */
export function retryDelayMs(attempt: number, random: number = Math.random()): number | null {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random));
}

/**
 * Sustained failure: a subscription is disabled automatically when it has failed at least
 * DISABLE_AFTER_FAILURES attempts in a row (any delivery, no success in between) and the
 * first of them is at least DISABLE_AFTER_MS old. One fact whose retries all fail meets
 * both (8 attempts over ~27 h); a burst of failures during a short outage does not.
 */
export const DISABLE_AFTER_FAILURES = 8;
export const DISABLE_AFTER_MS = 24 * 3_600_000;

export function shouldDisable(consecutiveFailures: number, failingSince: string | null, now: Date): boolean {
  if (consecutiveFailures < DISABLE_AFTER_FAILURES || !failingSince) return false;
  return now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS;
}
