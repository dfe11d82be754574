/**
 * The live report's maths, over facts already read: minutes, watch times and counts.
 * Minutes are UTC ISO strings (`…T14:05:00.000Z`), the form room_concurrency stores.
 */

const MINUTE_MS = 60_000;
const toMinute = (ms: number) => new Date(ms).toISOString();

/** Every minute from `first` to `last` inclusive. */
export function minutesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(first); t <= Date.parse(last); t += MINUTE_MS) out.push(toMinute(t));
  return out;
}

/** The minute an instant falls in. */
export const minuteOf = (iso: string) => toMinute(Math.floor(Date.parse(iso) / MINUTE_MS) * MINUTE_MS);

/** Values per minute laid onto `minutes`; a minute without a fact is 0 (no one was counted then). */
export function onMinutes(minutes: string[], values: Map<string, number>): number[] {
  return minutes.map((m) => values.get(m) ?? 0);
}

/** The highest value and the first minute it was reached, or null when there is none above 0. */
export function peakOf(minutes: string[], values: number[]): { value: number; minute: string } | null {
  let best: { value: number; minute: string } | null = null;
  values.forEach((value, i) => {
    if (value > 0 && (!best || value > best.value)) best = { value, minute: minutes[i]! };
  });
  return best;
}

export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return Math.round(values.reduce((a, b) => a + b, 0) / values.length);
}

/** The middle value (the mean of the two middle ones for an even count), rounded to a second. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return Math.round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

export interface RetentionPoint {
  minute: number;
  viewers: number;
  share: number;
}

/**
 * The drop-off curve: how many of the live viewers were still watching after each number of
 * minutes of watch time (every viewer is counted at minute 0). At most ~240 points: past four
 * hours the step widens to whole multiples of a minute.
 */
export function retention(watchSeconds: number[]): RetentionPoint[] {
  if (watchSeconds.length === 0) return [];
  const sorted = [...watchSeconds].sort((a, b) => a - b);
  const lastMinute = Math.ceil(sorted[sorted.length - 1]! / 60);
  const step = Math.max(1, Math.ceil(lastMinute / 240));
  const out: RetentionPoint[] = [];
  let dropped = 0;
  for (let minute = 0; minute <= lastMinute; minute += step) {
    while (dropped < sorted.length && sorted[dropped]! < minute * 60) dropped++;
    const viewers = sorted.length - dropped;
    out.push({ minute, viewers, share: Math.round((viewers / sorted.length) * 10_000) / 10_000 });
  }
  return out;
}
