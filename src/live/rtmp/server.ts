import net from 'node:net';
import { RtmpConnection, type RtmpHooks } from './connection.js';

const IDLE_TIMEOUT_MS = 30_000;
/** Evictions during a flood are logged as one line per this period, not one per connection. */
const FLOOD_LOG_EVERY_MS = 10_000;

export interface RtmpLimits {
  /** Connections open at once, all addresses together. */
  maxConnections: number;
  /** Connections from one remote address that have not (yet) asked to publish. */
  maxPerAddress: number;
  /** Time from TCP connect to the `publish` command; idle sockets are closed after it. */
  handshakeTimeoutMs: number;
}

/**
 * The embedded RTMP ingest server. It only accepts publishers; who may publish is
 * decided by `hooks.publish` (stream-key check). Connections that stall or send
 * garbage are closed without affecting the others.
 *
 * Flood resistance: a client gets `handshakeTimeoutMs` to reach `publish`, and when a
 * cap (global or per address) is reached, the oldest connection that has not asked to
 * publish is closed to make room. An idle or half-open flood can therefore never lock
 * out a reconnecting encoder: the newcomer always gets a slot, and only connections
 * that are publishing (or waiting for the key check) are never evicted.
 */
export class RtmpServer {
  private readonly server: net.Server;
  /** In accept order, so the first match is the oldest. */
  private readonly connections = new Set<RtmpConnection>();
  private evictedSinceLog = 0;
  private lastFloodLog = 0;

  constructor(
    private readonly hooks: RtmpHooks,
    private readonly limits: RtmpLimits,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  private accept(socket: net.Socket) {
    const address = socket.remoteAddress ?? 'unknown';
    if (!this.makeRoom(address)) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const connection = new RtmpConnection(socket, this.hooks);
    this.connections.add(connection);
    const handshakeTimer = setTimeout(() => {
      if (!connection.hasAskedToPublish) connection.close('no publish within the handshake timeout');
    }, this.limits.handshakeTimeoutMs);
    socket.setTimeout(IDLE_TIMEOUT_MS, () => connection.close('encoder went silent'));
    socket.on('close', () => {
      clearTimeout(handshakeTimer);
      this.connections.delete(connection);
    });
  }

  /**
   * True when a new connection from `address` may be accepted, after evicting one if needed.
   * Publishers do not count against the per-address cap: one studio may stream several
   * events from behind one NAT address.
   */
  private makeRoom(address: string): boolean {
    const waiting = [...this.connections].filter((c) => c.remoteAddress === address && !c.hasAskedToPublish);
    if (waiting.length >= this.limits.maxPerAddress) return this.evictOldest(waiting, address);
    if (this.connections.size >= this.limits.maxConnections)
      return this.evictOldest(this.connections, address);
    return true;
  }

  private evictOldest(candidates: Iterable<RtmpConnection>, newcomer: string): boolean {
    for (const c of candidates) {
      if (c.hasAskedToPublish) continue;
      c.close('connection limit reached: made room for a new connection');
      this.connections.delete(c);
      this.noteEviction(newcomer);
      return true;
    }
    return false;
  }

  private noteEviction(newcomer: string) {
    this.evictedSinceLog += 1;
    const now = Date.now();
    if (now - this.lastFloodLog < FLOOD_LOG_EVERY_MS) return;
    this.hooks.log(
      'warn',
      { evicted: this.evictedSinceLog, latest: newcomer, open: this.connections.size },
      'RTMP connection limit reached; closed the oldest connections that had not started publishing',
    );
    this.lastFloodLog = now;
    this.evictedSinceLog = 0;
  }

  /** Open connections (publishing or not). */
  get connectionCount() {
    return this.connections.size;
  }

  /** Listens and resolves with the bound port (`port` 0 picks a free one); rejects if it cannot. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        // A failed listen (port in use) is the caller's to report; later errors are logged.
        this.server.on('error', (err) => this.hooks.log('warn', { err: err.message }, 'RTMP server error'));
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.close('server shutting down');
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
