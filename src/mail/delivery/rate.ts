/**
 * A token bucket for the send rate: `perMinute` emails a minute, in bursts of at most a
 * second's worth (at least one). 0 means no limit. Time comes from the caller, so the
 * controllable clock drives it in tests.
 */
export function createRateBudget(perMinute: number, startMs: number) {
  const capacity = Math.max(1, Math.ceil(perMinute / 60));
  let tokens = capacity;
  let at = startMs;
  return {
    /** Takes up to `wanted` sends the rate allows now; returns how many. */
    take(wanted: number, nowMs: number): number {
      if (perMinute === 0) return wanted;
      tokens = Math.min(capacity, tokens + ((nowMs - at) * perMinute) / 60_000);
      at = Math.max(at, nowMs);
      const granted = Math.min(wanted, Math.floor(tokens));
      tokens -= granted;
      return granted;
    },
    /** Gives back sends taken but not used (nothing was due). */
    giveBack(n: number) {
      if (perMinute !== 0) tokens = Math.min(capacity, tokens + n);
    },
  };
}
