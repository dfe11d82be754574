/**
 * SOP date maths: a task sits on a T-minus scale (T-8 = eight calendar days before the
 * event's day, T+0 = the event's day) and falls due at a local time on that day in the
 * event's time zone — the start of the day unless the template names a time. Calendar
 * days, not 24-hour steps: a T-8 task stays at local midnight across a DST change.
 * Pure functions over src/events/time.ts.
 */
import { utcToZonedLocal, zonedLocalToUtc } from '../../events/time.js';

/** The widest T-minus scale a template may use. */
export const MIN_OFFSET = -120;
export const MAX_OFFSET = 60;
/** The timeline view's default window. */
export const TIMELINE_FROM = -21;
export const TIMELINE_TO = 7;

const DUE_TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
export const isDueTime = (value: string) => DUE_TIME_RE.test(value);

/** The calendar date (`YYYY-MM-DD`) of an instant in `tz`. */
export function localDate(instant: Date, tz: string): string {
  return utcToZonedLocal(instant, tz).slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  const utc = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/**
 * When a task at T`offsetDays` is due, for an event starting at `eventStart` in `tz`:
 * `dueTime` (local `HH:MM`) on that day, or the start of the day. A local time skipped
 * by a DST jump resolves to the instant after the gap.
 *
 * @example dueAt(new Date('2026-03-20T14:00:00Z'), 'America/New_York', -8, null)
 *   // 2026-03-12T04:00:00.000Z (local midnight, EDT)
 */
export function dueAt(eventStart: Date, tz: string, offsetDays: number, dueTime: string | null): Date {
  const day = addDays(localDate(eventStart, tz), offsetDays);
  const due = zonedLocalToUtc(`${day}T${dueTime ?? '00:00'}`, tz);
  if (!due) throw new Error(`Cannot place ${day}T${dueTime ?? '00:00'} in ${tz}`);
  return due;
}

/** Which T-day `instant` falls on for an event starting at `eventStart` (local days in `tz`). */
export function tDayOf(instant: Date, eventStart: Date, tz: string): number {
  return daysBetween(localDate(eventStart, tz), localDate(instant, tz));
}

/** `T-8`, `T+0`, `T+2`. */
export function formatOffset(days: number): string {
  return days < 0 ? `T${days}` : `T+${days}`;
}

/** The days of a timeline, T`from` … T`to`, each with its local date. */
export function timelineDays(eventStart: Date, tz: string, from = TIMELINE_FROM, to = TIMELINE_TO) {
  const first = localDate(eventStart, tz);
  const days: { offset: number; date: string; label: string }[] = [];
  for (let offset = from; offset <= to; offset++)
    days.push({ offset, date: addDays(first, offset), label: formatOffset(offset) });
  return days;
}
