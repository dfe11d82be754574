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
  /** The room's flush group this socket belongs to (set by Room.add). */
  group: number;
}

const REMOTE_PRESENCE_TTL_MS = 3500;
const COUNT_EVERY_MS = 1000;
/**
 * A room's sockets are split into this many groups, each flushed on its own: a fan-out to
 * 10,000 sockets is ~10 writes of ~1,000 with the event loop free in between, so an event
 * that arrives mid-fan-out still reaches the groups not yet written.
 */
export const FLUSH_GROUPS = 10;

type Frames = { viewers: Prepared | null; staff: Prepared | null; targeted: Map<string, RoomEvent[]> };
type Prepared = ReturnType<typeof frameOf>;

/** Sockets flushed together, and how far into the room's event log they have been sent. */
interface Group {
  readonly members: Set<Member>;
  /** The last log sequence number this group was sent. */
  sentSeq: number;
  flushedAt: number;
}

/** A batch serialised once: its JSON and the ready-made WebSocket frame around it. */
function frameOf(events: RoomEvent[]) {
  const payload = Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, type: 'batch', events }));
  return { payload, frame: textFrame(payload) };
}

/**
 * The sockets of one event's room in this process. Events go into a short log; each group
 * of sockets is sent, at most once per tick, everything logged since its previous flush as
 * one `batch` frame, serialised once for viewers and once for staff; a socket whose send
 * buffer is over the bound is skipped, and closed if it stays behind.
 */
export class Room {
  readonly members = new Set<Member>();
  private readonly byViewer = new Map<string, Set<Member>>();
  private readonly groups: Group[] = Array.from({ length: FLUSH_GROUPS }, () => ({
    members: new Set<Member>(),
    sentSeq: 0,
    flushedAt: Number.NEGATIVE_INFINITY,
  }));
  /** Events not yet sent to every group, oldest first; `seq` numbers them. */
  private log: { seq: number; envelope: RoomEnvelope }[] = [];
  private seq = 0;
  /** The frames of the last log range sent: groups flushed back to back often share one. */
  private cached: { from: number; to: number; frames: Frames } | undefined;
  private readonly remote = new Map<string, { count: number; at: number }>();
  private sentCount = -1;
  private countSentAt = Number.NEGATIVE_INFINITY;
  private staffViewers = 0;
  /** The event's status decides whether watch time counts as live or replay. */
  mode: WatchMode = 'live';
  peak = { minute: '', count: 0, saved: 0 };
  snapshot: { at: number; value: Promise<unknown> } | undefined;

  constructor(readonly eventId: string) {}

  add(member: Member): void {
    this.members.add(member);
    let group = 0;
    for (let i = 1; i < FLUSH_GROUPS; i++)
      if ((this.groups[i]?.members.size ?? 0) < (this.groups[group]?.members.size ?? 0)) group = i;
    member.group = group;
    const g = this.groups[group] as Group;
    if (g.members.size === 0) g.sentSeq = this.seq;
    g.members.add(member);
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
    this.groups[member.group]?.members.delete(member);
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

  /** The members of one flush group (the hub pings one group at a time). */
  groupMembers(group: number): ReadonlySet<Member> {
    return this.groups[group % FLUSH_GROUPS]?.members ?? new Set();
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
    this.log.push({ seq: ++this.seq, envelope });
    this.snapshot = undefined;
  }

  /**
   * Logs the viewer count if it changed, at most once per COUNT_EVERY_MS: while thousands
   * join, a count per tick would be a broadcast to everyone on every tick.
   */
  noteCount(now: number): void {
    if (now - this.countSentAt < COUNT_EVERY_MS) return;
    const count = this.globalCount(now);
    if (count === this.sentCount) return;
    this.sentCount = count;
    this.countSentAt = now;
    const event = { type: 'viewers', count };
    this.log.push({
      seq: ++this.seq,
      envelope: { eventId: this.eventId, audience: 'all', event, key: 'viewers' },
    });
  }

  /** When the next group with something to send may be flushed (a tick after its last flush); Infinity if none. */
  nextDueAt(tickMs: number): number {
    let due = Number.POSITIVE_INFINITY;
    for (const g of this.groups)
      if (g.members.size && g.sentSeq < this.seq) due = Math.min(due, g.flushedAt + tickMs);
    return due;
  }

  /**
   * Flushes the group that has waited longest, if it has something to send and its last
   * flush was at least a tick ago; returns sockets that fell too far behind.
   */
  flushDue(now: number, tickMs: number, maxBufferedBytes: number, maxLagTicks: number): Member[] {
    let due = -1;
    this.groups.forEach((g, i) => {
      if (!g.members.size || g.sentSeq >= this.seq || now - g.flushedAt < tickMs) return;
      if (due < 0 || g.flushedAt < (this.groups[due]?.flushedAt ?? 0)) due = i;
    });
    const behind: Member[] = [];
    if (due >= 0) this.flushGroup(due, now, maxBufferedBytes, maxLagTicks, behind);
    return behind;
  }

  /** Sends everything queued to every group at once; returns sockets that fell too far behind. */
  flush(now: number, maxBufferedBytes: number, maxLagTicks: number): Member[] {
    this.noteCount(now);
    const behind: Member[] = [];
    for (let i = 0; i < FLUSH_GROUPS; i++) this.flushGroup(i, now, maxBufferedBytes, maxLagTicks, behind);
    return behind;
  }

  private flushGroup(
    group: number,
    now: number,
    maxBufferedBytes: number,
    maxLagTicks: number,
    behind: Member[],
  ) {
    const g = this.groups[group] as Group;
    this.noteCount(now);
    const from = g.sentSeq;
    const to = this.seq;
    g.sentSeq = to;
    if (from >= to || g.members.size === 0) return;
    g.flushedAt = now;
    const { viewers, staff, targeted } = this.framesFor(from, to);
    for (const m of g.members) {
      const frame = m.viewer.canModerate ? staff : viewers;
      if (!frame || m.ws.readyState !== 1) continue;
      if (m.ws.bufferedAmount > maxBufferedBytes) {
        if (++m.lagTicks > maxLagTicks) behind.push(m);
        continue;
      }
      m.lagTicks = 0;
      writeFrame(m.ws, frame.frame, frame.payload);
    }
    for (const [viewerId, events] of targeted) {
      let payload: Buffer | undefined;
      for (const m of this.byViewer.get(viewerId) ?? []) {
        if (m.group !== group || m.ws.readyState !== 1) continue;
        payload ??= frameOf(events).payload;
        m.ws.send(payload, { binary: false });
      }
    }
    this.trim();
  }

  /** The frames for log entries after `from` up to `to`. */
  private framesFor(from: number, to: number): Frames {
    if (this.cached?.from === from && this.cached.to === to) return this.cached.frames;
    const envelopes: RoomEnvelope[] = [];
    for (const e of this.log) if (e.seq > from && e.seq <= to) envelopes.push(e.envelope);
    const { viewers, staff, targeted } = this.split(envelopes);
    const frames = {
      viewers: viewers.length ? frameOf(viewers) : null,
      staff: staff.length ? frameOf(staff) : null,
      targeted,
    };
    this.cached = { from, to, frames };
    return frames;
  }

  /** Drops log entries every group has been sent (empty groups are caught up). */
  private trim(): void {
    let min = this.seq;
    for (const g of this.groups) {
      if (g.members.size === 0) g.sentSeq = this.seq;
      else min = Math.min(min, g.sentSeq);
    }
    let drop = 0;
    while (drop < this.log.length && (this.log[drop]?.seq ?? 0) <= min) drop++;
    if (drop) this.log = this.log.slice(drop);
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
