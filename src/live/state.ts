import type { EventStatus } from '../events/tables.js';

/**
 * The live state machine as the audience and the studio see it, derived from the
 * event's status, whether an encoder is publishing, and whether the replay is ready.
 * Pure functions: the service applies them, the unit tests pin them down.
 */
export type RoomState = 'starting_soon' | 'live' | 'ended' | 'replay';
export type StudioState = 'offline' | 'backstage' | 'live' | 'ended' | 'replay';
export type ReplayStatus = 'none' | 'processing' | 'ready' | 'failed';

export function roomState(status: EventStatus, replay: ReplayStatus): RoomState {
  if (status === 'live') return 'live';
  if (status === 'on_demand') return replay === 'ready' ? 'replay' : 'ended';
  if (status === 'ended') return 'ended';
  return 'starting_soon';
}

export function studioState(status: EventStatus, publishing: boolean, replay: ReplayStatus): StudioState {
  if (status === 'live') return 'live';
  if (status === 'ended' || status === 'on_demand')
    return roomState(status, replay) === 'replay' ? 'replay' : 'ended';
  return publishing ? 'backstage' : 'offline';
}

/** Why "Go live" is not possible now (a message key), or null when it is. */
export function goLiveBlocker(
  status: EventStatus,
  publishing: boolean,
  embeddedIngest: boolean,
): string | null {
  if (status === 'live') return 'live.error.alreadyLive';
  if (status === 'draft') return 'live.error.draft';
  if (status === 'on_demand') return 'live.error.onDemand';
  // Embedded ingest: End is final. The encoder is cut, the key stops working and the replay
  // is cut from the recording at once. An external media server records on its own, so the
  // event stays `ended` and may go live again (its encoder reconnects after).
  if (status === 'ended' && embeddedIngest) return 'live.error.ended';
  if (status === 'scheduled' && embeddedIngest && !publishing) return 'live.error.noSignal';
  return null;
}

export function endBlocker(status: EventStatus): string | null {
  return status === 'live' ? null : 'live.error.notLive';
}

/** Stream keys stop working once the event has ended: a leaked key cannot start a stream later. */
export function publishBlocker(status: EventStatus): string | null {
  return status === 'ended' || status === 'on_demand' ? 'live.refused.eventOver' : null;
}

/** The stretches of wall-clock time the event was live; the replay is cut to them. */
export interface LiveWindow {
  start: string;
  end: string | null;
}

export function openWindow(windows: readonly LiveWindow[], at: string): LiveWindow[] {
  const last = windows[windows.length - 1];
  if (last && last.end === null) return [...windows];
  return [...windows, { start: at, end: null }];
}

export function closeWindow(windows: readonly LiveWindow[], at: string): LiveWindow[] {
  return windows.map((w) => (w.end === null ? { ...w, end: at } : w));
}

export function parseWindows(json: string): LiveWindow[] {
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? (value as LiveWindow[]) : [];
}
