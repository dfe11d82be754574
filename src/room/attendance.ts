import type { EventStatus } from '../events/tables.js';
import type { DeviceType, WatchMode } from './tables.js';

/** Phone or desktop from a User-Agent header (tablets count as phones: touch-first, small screen). */
export function deviceOf(userAgent: string | undefined): DeviceType {
  return /Mobi|Android|iPhone|iPad|iPod|HarmonyOS|MicroMessenger/i.test(userAgent ?? '')
    ? 'phone'
    : 'desktop';
}

/** The heartbeat interval clients are told to use. */
export const HEARTBEAT_SECONDS = 15;

/**
 * Watch seconds credited for a heartbeat: the time since the previous one, capped at two
 * intervals so a sleeping laptop or a lost connection is not counted as watching.
 */
export function creditedSeconds(previousMs: number, nowMs: number, playing: boolean): number {
  if (!playing || nowMs <= previousMs) return 0;
  return Math.min(Math.round((nowMs - previousMs) / 1000), 2 * HEARTBEAT_SECONDS);
}

/** The minute bucket (ISO, seconds cut off) that peak-concurrency figures are stored under. */
export const minuteOf = (date: Date) => `${date.toISOString().slice(0, 16)}:00.000Z`;

/** Watching before or during the live show counts as live; after it, as replay. */
export const watchModeOf = (status: EventStatus | undefined): WatchMode =>
  status === 'live' || status === 'scheduled' ? 'live' : 'replay';
