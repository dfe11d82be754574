import { zonedLocalToUtc } from '../events/time.js';

/** Office hours in the owner's time zone, `HH:mm` wall-clock, Monday to Friday. */
export interface WorkingHours {
  start: string;
  end: string;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

const localDate = (at: Date, tz: string) => {
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  return p; // YYYY-MM-DD
};
const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/**
 * When a lead handed over at `from` must have been followed up: `hours` later, or, with
 * working hours, after `hours` of the owner's office time (Monday–Friday, `start`–`end`
 * in `timeZone`). Each day's window is read in the zone, so a daylight-saving change moves
 * it with the clock on the wall.
 * @example followUpDeadline(new Date('2026-12-04T10:00:00Z'), 48, null, 'UTC') // 2026-12-06T10:00Z
 */
export function followUpDeadline(
  from: Date,
  hours: number,
  working: WorkingHours | null,
  timeZone: string,
): Date {
  if (!working) return new Date(from.getTime() + hours * HOUR);
  let remaining = hours * HOUR;
  let date = localDate(from, timeZone);
  for (let day = 0; day < 3660; day++, date = nextDate(date)) {
    if (isWeekend(date)) continue;
    const open = zonedLocalToUtc(`${date}T${working.start}`, timeZone)!.getTime();
    const close = zonedLocalToUtc(`${date}T${working.end}`, timeZone)!.getTime();
    const begin = Math.max(open, from.getTime());
    if (begin >= close) continue;
    if (close - begin >= remaining) return new Date(begin + remaining);
    remaining -= close - begin;
  }
  throw new Error('Working hours too short to reach the deadline within ten years');
}

/** Milliseconds left until `due` (negative when overdue). */
export const timeLeftMs = (due: Date, now: Date) => due.getTime() - now.getTime();
