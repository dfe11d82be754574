/**
 * When the weekly review email goes out: one organisation-wide weekday and hour, read in
 * one IANA time zone (DST included, through src/events/time.ts). Pure.
 */
import { utcToZonedLocal, zonedLocalToUtc } from '../../events/time.js';

export interface WeeklySchedule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 0–23, local time in `timezone`. */
  hour: number;
  timezone: string;
}

/** Until an admin sets it: Monday 09:00 UTC. */
export const DEFAULT_SCHEDULE: WeeklySchedule = { weekday: 1, hour: 9, timezone: 'UTC' };

const DAY_MS = 86_400_000;
const dayAfter = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
const isoWeekday = (date: string) => {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

/** The first send time at or after `now`. */
export function nextRunAt(now: Date, s: WeeklySchedule): Date {
  const today = utcToZonedLocal(now, s.timezone).slice(0, 10);
  for (let d = 0; d <= 8; d++) {
    const date = dayAfter(today, d);
    if (isoWeekday(date) !== s.weekday) continue;
    const at = zonedLocalToUtc(`${date}T${String(s.hour).padStart(2, '0')}:00`, s.timezone);
    if (at && at.getTime() >= now.getTime()) return at;
  }
  throw new Error(`no weekly send time after ${now.toISOString()}`);
}

/** Whether `at` is one of the schedule's send times (a run queued under an older schedule is not). */
export const isRunAt = (at: Date, s: WeeklySchedule) => nextRunAt(at, s).getTime() === at.getTime();

/**
 * The ISO week (`2026-W51`) of `at`'s local date in `timezone`: the period a person gets one
 * email for, whatever the weekday, so moving the send day never sends twice in a week.
 */
export function isoWeekOf(at: Date, timezone: string): string {
  const date = utcToZonedLocal(at, timezone).slice(0, 10);
  const thursday = new Date(Date.parse(`${date}T00:00:00.000Z`) + (4 - isoWeekday(date)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
