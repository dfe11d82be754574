import type { WebSocket } from 'ws';
import { minuteOf } from './attendance.js';
import type { PresenceReport, RoomEnvelope, RoomEvent } from './bus.js';
import type { Viewer } from './context.js';
import { textFrame, writeFrame } from './prepared.js';
import { PROTOCOL_VERSION } from './protocol.js';
import type { DeviceType, WatchMode } from './tables.js';

/** One open socket and what the room tracks for it (kept small: there may be 10,000). */
export interface Member {
  ws: WebSocket;
  eventId: string;
  viewer: Viewer;
  device: DeviceType;
  attendanceId: string | null;
  lastBeatMs: number;
  liveSeconds: number;
  replaySeconds: number;
  dirty: boolean;
  /** Ticks in a row this socket was skipped because its send buffer was full. */
  lagTicks: number;
  /** Cleared when a ping is sent, set by the pong: a socket that stays silent is dropped. */
  alive: boolean;
}

const REMOTE_PRESENCE_TTL_MS = 3500;
const COUNT_EVERY_MS = 1000;

/** A batch serialised once: its JSON and the ready-made WebSocket frame around it. */
function frameOf(events: RoomEvent[]) {
  const payload = Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, type: 'batch', events }));
  return { payload, frame: textFrame(payload) };
}

/**
 * The sockets of one event's room in this process. Events are queued and sent once per
 * tick as one `batch` frame, serialised once for viewers and once for staff; a socket
 * whose send buffer is over the bound is skipped, and closed if it stays behind.
 */
export class Room {
  readonly members = new Set<Member>();
  private readonly byViewer = new Map<string, Set<Member>>();
  private outbox: RoomEnvelope[] = [];
  private readonly remote = new Map<string, { count: number; at: number }>();
  private sentCount = -1;
  private countSentAt = 0;
  private staffViewers = 0;
  /** The event's status decides whether watch time counts as live or replay. */
  mode: WatchMode = 'live';
  peak = { minute: '', count: 0, saved: 0 };
  snapshot: { at: number; value: Promise<unknown> } | undefined;

  constructor(readonly eventId: string) {}

  add(member: Member): void {
    this.members.add(member);
    let set = this.byViewer.get(member.viewer.viewerId);
    if (!set) {
      set = new Set();
      this.byViewer.set(member.viewer.viewerId, set);
      if (member.viewer.actor) this.staffViewers++;
    }
    set.add(member);
  }

  remove(member: Member): void {
    this.members.delete(member);
    const set = this.byViewer.get(member.viewer.viewerId);
    set?.delete(member);
    if (set?.size === 0) {
      this.byViewer.delete(member.viewer.viewerId);
      if (member.viewer.actor) this.staffViewers--;
    }
  }

  get isEmpty(): boolean {
    return this.members.size === 0;
  }

  /** Distinct viewers (not staff) connected to this process: two tabs of one person count once. */
  localCount(): number {
    return this.byViewer.size - this.staffViewers;
  }

  /** Viewers connected to every process serving this room. */
  globalCount(now: number): number {
    let total = this.localCount();
    for (const [id, r] of this.remote) {
      if (now - r.at > REMOTE_PRESENCE_TTL_MS) this.remote.delete(id);
      else total += r.count;
    }
    return total;
  }

  notePresence(report: PresenceReport, now: number): void {
    this.remote.set(report.processId, { count: report.count, at: now });
  }

  /** Tracks the highest global count seen in the current minute. */
  notePeak(count: number, now: Date): void {
    const minute = minuteOf(now);
    if (minute !== this.peak.minute) this.peak = { minute, count, saved: -1 };
    else if (count > this.peak.count) this.peak.count = count;
  }

  enqueue(envelope: RoomEnvelope): void {
    this.outbox.push(envelope);
    this.snapshot = undefined;
  }

  /** Sends everything queued since the last tick; returns sockets that fell too far behind. */
  flush(now: number, maxBufferedBytes: number, maxLagTicks: number): Member[] {
    // The count goes out at most once per COUNT_EVERY_MS: while thousands join, a
    // per-tick count would be a broadcast to everyone on every tick.
    const count = now - this.countSentAt >= COUNT_EVERY_MS ? this.globalCount(now) : this.sentCount;
    if (this.outbox.length === 0 && count === this.sentCount) return [];
    const { viewers, staff, targeted } = this.split(this.outbox);
    this.outbox = [];
    if (count !== this.sentCount) {
      const viewersEvent = { type: 'viewers', count };
      viewers.push(viewersEvent);
      staff.push(viewersEvent);
      this.sentCount = count;
      this.countSentAt = now;
    }
    const viewerFrame = viewers.length ? frameOf(viewers) : null;
    const staffFrame = staff.length ? frameOf(staff) : null;
    const behind: Member[] = [];
    for (const m of this.members) {
      const frame = m.viewer.canModerate ? staffFrame : viewerFrame;
      if (!frame || m.ws.readyState !== 1) continue;
      if (m.ws.bufferedAmount > maxBufferedBytes) {
        if (++m.lagTicks > maxLagTicks) behind.push(m);
        continue;
      }
      m.lagTicks = 0;
      writeFrame(m.ws, frame.frame, frame.payload);
    }
    for (const [viewerId, events] of targeted) {
      const { payload } = frameOf(events);
      for (const m of this.byViewer.get(viewerId) ?? [])
        if (m.ws.readyState === 1) m.ws.send(payload, { binary: false });
    }
    return behind;
  }

  /** Splits queued envelopes by audience; a later envelope with the same key replaces an earlier one. */
  private split(outbox: RoomEnvelope[]) {
    const lastByKey = new Map<string, number>();
    outbox.forEach((e, i) => {
      if (e.key) lastByKey.set(e.key, i);
    });
    const viewers: RoomEvent[] = [];
    const staff: RoomEvent[] = [];
    const targeted = new Map<string, RoomEvent[]>();
    outbox.forEach((e, i) => {
      if (e.key && lastByKey.get(e.key) !== i) return;
      if (e.audience === 'all') {
        viewers.push(e.event);
        staff.push(e.staffEvent ?? e.event);
      } else if (e.audience === 'staff') {
        staff.push(e.staffEvent ?? e.event);
      } else {
        const list = targeted.get(e.audience.viewerId) ?? [];
        list.push(e.event);
        targeted.set(e.audience.viewerId, list);
      }
    });
    return { viewers, staff, targeted };
  }
}
