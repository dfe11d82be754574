import type { MuteDuration } from './tables.js';

/** The community rules' steps: mute for 1, 7 or 15 days, or permanently. */
export const muteDurations: readonly MuteDuration[] = ['1d', '7d', '15d', 'permanent'];

const DAY_MS = 86_400_000;
const days: Record<Exclude<MuteDuration, 'permanent'>, number> = { '1d': 1, '7d': 7, '15d': 15 };

/** When a mute given at `now` ends, as ISO text; null for a permanent mute. */
export function muteUntil(duration: MuteDuration, now: Date): string | null {
  if (duration === 'permanent') return null;
  return new Date(now.getTime() + days[duration] * DAY_MS).toISOString();
}

/** True while a mute is in force at `now`. */
export function isMuteActive(mute: { until: string | null; lifted_at: string | null }, now: Date): boolean {
  if (mute.lifted_at) return false;
  return mute.until === null || mute.until > now.toISOString();
}
