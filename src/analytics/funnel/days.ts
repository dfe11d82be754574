import { utcToZonedLocal } from '../../events/time.js';

/** `YYYY-MM-DD` of a UTC instant in the event's zone: a day is the event's local day. */
export const localDay = (iso: string, timeZone: string) =>
  utcToZonedLocal(new Date(iso), timeZone).slice(0, 10);

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export interface DayCount {
  day: string;
  count: number;
  cumulative: number;
}

/**
 * Counts per UTC minute → counts per local day, every day from the first to the last (a day
 * without registrations is a 0 that happened, not a gap), with the running total.
 */
export function perLocalDay(perMinute: { minute: string; count: number }[], timeZone: string): DayCount[] {
  const byDay = new Map<string, number>();
  for (const { minute, count } of perMinute) {
    const day = localDay(minute, timeZone);
    byDay.set(day, (byDay.get(day) ?? 0) + count);
  }
  const days = [...byDay.keys()].sort();
  const out: DayCount[] = [];
  let cumulative = 0;
  for (let day = days[0]; day !== undefined && day <= days[days.length - 1]!; day = nextDay(day)) {
    const count = byDay.get(day) ?? 0;
    cumulative += count;
    out.push({ day, count, cumulative });
  }
  return out;
}
