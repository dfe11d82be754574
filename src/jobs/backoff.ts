/**
 * How long to wait before retrying a job that failed its `attempt`-th try (1-based):
 * 30 s, 1 min, 2 min, 4 min … capped at one hour.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}
