import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Who a room event is for. */
export type Audience = 'all' | 'staff' | { viewerId: string };

/** One change in a room, as published between processes. */
export interface RoomEnvelope {
  eventId: string;
  audience: Audience;
  /** What viewers see. */
  event: RoomEvent;
  /** What staff see instead, when it differs (e.g. with viewer ids for moderation). */
  staffEvent?: RoomEvent;
  /** Events with the same key in one tick replace each other (latest poll results, counts). */
  key?: string;
}

/** A server → client room event: `type` plus its fields. */
export type RoomEvent = { type: string } & Record<string, unknown>;

/** A process's local viewer count for one room, shared so every process can show the global count. */
export interface PresenceReport {
  processId: string;
  eventId: string;
  count: number;
}

/**
 * Fan-out between the processes that serve rooms. In-process by default; with
 * REDIS_URL, Redis pub/sub, so a message posted on one process reaches viewers on all.
 */
export interface RoomBus {
  readonly processId: string;
  publish(envelope: RoomEnvelope): void;
  reportPresence(report: PresenceReport): void;
  onEnvelope(handler: (envelope: RoomEnvelope) => void): void;
  onPresence(handler: (report: PresenceReport) => void): void;
  close(): Promise<void>;
}

export class InProcessBus implements RoomBus {
  readonly processId = randomBytes(6).toString('hex');
  private envelopeHandlers: ((e: RoomEnvelope) => void)[] = [];

  publish(envelope: RoomEnvelope): void {
    for (const handler of this.envelopeHandlers) handler(envelope);
  }
  reportPresence(): void {
    // One process: the local count is the global count.
  }
  onEnvelope(handler: (e: RoomEnvelope) => void): void {
    this.envelopeHandlers.push(handler);
  }
  onPresence(): void {}
  async close(): Promise<void> {}
}

/**
 * Redis pub/sub on two channels under `prefix`. Publishing goes only through Redis and
 * every process (the publisher too) handles what it receives, so all processes see
 * the same order of events.
 */
export class RedisBus implements RoomBus {
  readonly processId = randomBytes(6).toString('hex');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels: { room: string; presence: string };
  private envelopeHandlers: ((e: RoomEnvelope) => void)[] = [];
  private presenceHandlers: ((r: PresenceReport) => void)[] = [];
  readonly ready: Promise<void>;

  constructor(
    url: string,
    prefix: string,
    private readonly onError: (err: Error) => void,
  ) {
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { lazyConnect: false });
    this.pub.on('error', onError);
    this.sub.on('error', onError);
    this.channels = { room: `${prefix}:room`, presence: `${prefix}:presence` };
    this.sub.on('message', (channel: string, message: string) => this.receive(channel, message, onError));
    this.ready = this.sub.subscribe(this.channels.room, this.channels.presence).then(() => undefined);
  }

  private receive(channel: string, message: string, onError: (err: Error) => void): void {
    try {
      const parsed = JSON.parse(message);
      if (channel === this.channels.room) for (const h of this.envelopeHandlers) h(parsed as RoomEnvelope);
      else for (const h of this.presenceHandlers) h(parsed as PresenceReport);
    } catch (err) {
      onError(err as Error);
    }
  }

  publish(envelope: RoomEnvelope): void {
    this.pub.publish(this.channels.room, JSON.stringify(envelope)).catch(this.onError);
  }
  reportPresence(report: PresenceReport): void {
    this.pub.publish(this.channels.presence, JSON.stringify(report)).catch(this.onError);
  }
  onEnvelope(handler: (e: RoomEnvelope) => void): void {
    this.envelopeHandlers.push(handler);
  }
  onPresence(handler: (r: PresenceReport) => void): void {
    this.presenceHandlers.push(handler);
  }
  async close(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
