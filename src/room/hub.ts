import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { creditedSeconds, watchModeOf } from './attendance.js';
import type { RoomBus, RoomEnvelope } from './bus.js';
import type { RoomDeps } from './context.js';
import { republishPoll } from './polls.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { FLUSH_GROUPS, type Member, Room } from './room.js';
import type { WatchMode } from './tables.js';

export interface HubOptions {
  tickMs: number;
  maxBufferedBytes: number;
  /** Ticks a socket may stay over the buffer bound before it is closed (it reconnects and resyncs). */
  maxLagTicks: number;
  /** Chat messages, questions, reports a viewer may post at once (refilled at one per second). */
  postBurst: number;
  /** A registered viewer has a new fact (lead scoring notes it; it must not block the room). */
  onFact?: (registrationId: string | null) => void;
  /** See RoomDeps.onOfferDownloaded. */
  onOfferDownloaded?: RoomDeps['onOfferDownloaded'];
  /** See RoomDeps.offerLink. */
  offerLink?: RoomDeps['offerLink'];
}

const PRESENCE_MS = 1000;
/** A bus message that closes a viewer's sockets instead of being fanned out. */
const VIEWER_ENDED = 'internal.viewer.ended';
/** Close code for a viewer whose access ended (registration revoked): do not reconnect. */
export const ACCESS_ENDED = 4403;
const FLUSH_ATTENDANCE_MS = 15_000;
const POLL_RESULTS_MS = 300;
const PING_MS = 30_000;
const ATTENDANCE_CHUNK = 200;

/**
 * All rooms served by this process: joins and leaves, the fan-out tick, presence shared
 * through the bus for global counts, attendance written in batches.
 */
export class RoomHub {
  private readonly rooms = new Map<string, Room>();
  private readonly dirtyPolls = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  /** The pending fan-out step: a timer, or an immediate while groups are due now. */
  private flushTimer: { cancel(): void } | undefined;
  private pingGroup = 0;
  private running = false;
  readonly deps: RoomDeps;
  /** Set when the hub is attached to an app (the app owns the logger). */
  log: FastifyBaseLogger | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    readonly bus: RoomBus,
    readonly options: HubOptions,
  ) {
    this.deps = {
      db,
      clock,
      publish: (envelope) => bus.publish(envelope),
      touchPoll: (_eventId, pollId) => this.dirtyPolls.add(pollId),
      noteFact: (registrationId) => options.onFact?.(registrationId),
      onOfferDownloaded: options.onOfferDownloaded,
      offerLink: options.offerLink,
    };
    bus.onEnvelope((envelope) => this.deliver(envelope));
    bus.onPresence((report) => {
      if (report.processId !== bus.processId)
        this.rooms.get(report.eventId)?.notePresence(report, Date.now());
    });
  }

  start(): void {
    const every = (ms: number, fn: () => unknown) => {
      const timer = setInterval(() => {
        Promise.resolve()
          .then(fn)
          .catch((err) => this.log?.error({ err }, 'room timer failed'));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    this.running = true;
    every(PRESENCE_MS, () => this.sharePresence());
    every(FLUSH_ATTENDANCE_MS, () => this.flushAttendance());
    every(POLL_RESULTS_MS, () => this.publishPollResults());
    every(PING_MS / FLUSH_GROUPS, () => this.ping());
  }

  /**
   * Drops sockets that did not answer the previous ping (half-open connections count as
   * viewers otherwise). One flush group at a time, so each socket is pinged every PING_MS
   * without a burst of writes to every socket at once.
   */
  private ping(): void {
    const group = this.pingGroup++ % FLUSH_GROUPS;
    for (const room of this.rooms.values()) {
      for (const m of room.groupMembers(group)) {
        if (!m.alive) m.ws.terminate();
        else {
          m.alive = false;
          m.ws.ping();
        }
      }
    }
  }

  /** Closes every socket (clients reconnect to another process), saves attendance, leaves the bus. */
  async stop(): Promise<void> {
    this.running = false;
    this.flushTimer?.cancel();
    this.flushTimer = undefined;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const members = [...this.rooms.values()].flatMap((r) => [...r.members]);
    for (const m of members) m.ws.close(1012, 'server restarting');
    await Promise.all(members.map((m) => this.leave(m)));
    await this.bus.close();
  }

  room(eventId: string, mode: WatchMode): Room {
    let room = this.rooms.get(eventId);
    if (!room) {
      room = new Room(eventId);
      room.mode = mode;
      this.rooms.set(eventId, room);
    }
    return room;
  }

  get connectionCount(): number {
    let n = 0;
    for (const r of this.rooms.values()) n += r.members.size;
    return n;
  }

  private deliver(envelope: RoomEnvelope): void {
    const room = this.rooms.get(envelope.eventId);
    if (!room) return;
    if (envelope.event.type === VIEWER_ENDED && typeof envelope.audience === 'object') {
      this.closeViewer(room, envelope.audience.viewerId, String(envelope.event.reason));
      return;
    }
    room.enqueue(envelope);
    this.scheduleFlush();
  }

  /** Asks every process to close this viewer's sockets in the event's room (revoked registration). */
  endViewer(eventId: string, viewerId: string, reason: string): void {
    this.bus.publish({ eventId, audience: { viewerId }, event: { type: VIEWER_ENDED, reason } });
  }

  private closeViewer(room: Room, viewerId: string, reason: string): void {
    const frame = JSON.stringify({
      v: PROTOCOL_VERSION,
      type: 'error',
      code: 'UNAUTHENTICATED',
      message: 'Your access to this room has ended',
      details: { reason },
    });
    for (const m of room.members) {
      if (m.viewer.viewerId !== viewerId) continue;
      if (m.ws.readyState === 1) m.ws.send(frame);
      m.ws.close(ACCESS_ENDED, reason);
    }
  }

  /**
   * Each flush group of each room is sent what it is owed at most once per tick, but without
   * waiting for the tick in a quiet room: the first event after a pause goes out at once.
   * Groups due now are flushed one per room per step, yielding to I/O between steps, so
   * chat that arrives during a fan-out is read and reaches the groups not yet written.
   */
  private scheduleFlush(): void {
    if (this.flushTimer || !this.running) return;
    let due = Number.POSITIVE_INFINITY;
    for (const room of this.rooms.values()) due = Math.min(due, room.nextDueAt(this.options.tickMs));
    if (due === Number.POSITIVE_INFINITY) return;
    const step = () => {
      this.flushTimer = undefined;
      this.tick();
      this.scheduleFlush();
    };
    const wait = due - Date.now();
    if (wait <= 0) {
      const immediate = setImmediate(step);
      this.flushTimer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(step, wait);
      this.flushTimer = { cancel: () => clearTimeout(timer) };
    }
  }

  /** One fan-out step: in each room, the group that is due and has waited longest. */
  tick(): void {
    const now = Date.now();
    const { tickMs, maxBufferedBytes, maxLagTicks } = this.options;
    for (const room of this.rooms.values()) {
      for (const slow of room.flushDue(now, tickMs, maxBufferedBytes, maxLagTicks)) slow.ws.terminate();
    }
  }

  private async sharePresence(): Promise<void> {
    const now = this.clock.now();
    for (const room of this.rooms.values()) {
      this.bus.reportPresence({
        processId: this.bus.processId,
        eventId: room.eventId,
        count: room.localCount(),
      });
      room.notePeak(room.globalCount(Date.now()), now);
      if (room.peak.saved !== room.peak.count) await this.savePeak(room);
    }
    // The viewer count changes without room events: log it (at most once a second).
    for (const room of this.rooms.values()) room.noteCount(Date.now());
    this.scheduleFlush();
  }

  /** Peak concurrent viewers per minute: every process raises the stored value to what it saw. */
  private async savePeak(room: Room): Promise<void> {
    const { minute, count } = room.peak;
    room.peak.saved = count;
    await this.db
      .insertInto('room_concurrency')
      .values({ event_id: room.eventId, minute, peak: count })
      .onConflict((oc) =>
        oc.columns(['event_id', 'minute']).doUpdateSet((eb) => ({
          peak: eb
            .case()
            .when(eb.ref('excluded.peak'), '>', eb.ref('room_concurrency.peak'))
            .then(eb.ref('excluded.peak'))
            .else(eb.ref('room_concurrency.peak'))
            .end(),
        })),
      )
      .execute();
  }

  private async publishPollResults(): Promise<void> {
    const ids = [...this.dirtyPolls];
    this.dirtyPolls.clear();
    for (const id of ids) await republishPoll(this.deps, id);
  }

  /** Starts an attendance row for a new socket and adds it to its room. */
  async join(room: Room, member: Member): Promise<void> {
    room.add(member);
    if (member.viewer.actor) return;
    const id = newId(this.clock.now().getTime());
    await this.db
      .insertInto('room_attendance')
      .values({
        id,
        event_id: room.eventId,
        viewer_id: member.viewer.viewerId,
        registration_id: member.viewer.registrationId,
        display_name: member.viewer.displayName,
        device: member.device,
        joined_at: this.clock.now().toISOString(),
        left_at: null,
        live_seconds: 0,
        replay_seconds: 0,
        client_key: member.viewer.clientKey,
      })
      .execute();
    member.attendanceId = id;
    // The socket may have closed while the row was being written: close the row too.
    if (member.ws.readyState >= 2) await this.saveAttendance([member], this.clock.now().toISOString());
  }

  /** A heartbeat: credits watch time (live or replay, by the event's status) since the previous one. */
  heartbeat(room: Room, member: Member, playing: boolean): void {
    const now = Date.now();
    const seconds = creditedSeconds(member.lastBeatMs, now, playing);
    member.lastBeatMs = now;
    if (seconds === 0) return;
    if (room.mode === 'live') member.liveSeconds += seconds;
    else member.replaySeconds += seconds;
    member.dirty = true;
  }

  async leave(member: Member): Promise<void> {
    const room = this.rooms.get(member.eventId);
    room?.remove(member);
    if (room?.isEmpty) this.rooms.delete(room.eventId);
    if (member.attendanceId) await this.saveAttendance([member], this.clock.now().toISOString());
  }

  /**
   * Writes watch time in small transactions with a pause between them: on SQLite each
   * write is synchronous, and one transaction for 10,000 viewers would stall the room's tick.
   */
  private async saveAttendance(members: Member[], leftAt: string | null): Promise<void> {
    for (let i = 0; i < members.length; i += ATTENDANCE_CHUNK) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      await this.db.transaction().execute(async (trx) => {
        for (const m of members.slice(i, i + ATTENDANCE_CHUNK)) {
          if (!m.attendanceId) continue;
          m.dirty = false;
          await trx
            .updateTable('room_attendance')
            .set({
              live_seconds: m.liveSeconds,
              replay_seconds: m.replaySeconds,
              ...(leftAt ? { left_at: leftAt } : {}),
            })
            .where('id', '=', m.attendanceId)
            .execute();
          this.deps.noteFact(m.viewer.registrationId);
        }
      });
    }
  }

  private async flushAttendance(): Promise<void> {
    for (const room of this.rooms.values()) {
      const event = await this.db
        .selectFrom('events')
        .select('status')
        .where('id', '=', room.eventId)
        .executeTakeFirst();
      room.mode = watchModeOf(event?.status);
      const dirty = [...room.members].filter((m) => m.dirty);
      if (dirty.length) await this.saveAttendance(dirty, null);
    }
  }
}
