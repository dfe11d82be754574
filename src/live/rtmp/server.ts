import net from 'node:net';
import { RtmpConnection, type RtmpHooks } from './connection.js';

const HANDSHAKE_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 30_000;

/**
 * The embedded RTMP ingest server. It only accepts publishers; who may publish is
 * decided by `hooks.publish` (stream-key check). Connections that stall or send
 * garbage are closed without affecting the others.
 */
export class RtmpServer {
  private readonly server: net.Server;
  private readonly connections = new Set<RtmpConnection>();

  constructor(
    private readonly hooks: RtmpHooks,
    private readonly maxConnections = 64,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => hooks.log('warn', { err: err.message }, 'RTMP server error'));
  }

  private accept(socket: net.Socket) {
    if (this.connections.size >= this.maxConnections) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const connection = new RtmpConnection(socket, this.hooks);
    this.connections.add(connection);
    const handshakeTimer = setTimeout(() => {
      if (!connection.isPublishing) connection.close('no publish within the handshake timeout');
    }, HANDSHAKE_TIMEOUT_MS);
    socket.setTimeout(IDLE_TIMEOUT_MS, () => connection.close('encoder went silent'));
    socket.on('close', () => {
      clearTimeout(handshakeTimer);
      this.connections.delete(connection);
    });
  }

  /** Listens and resolves with the bound port (`port` 0 picks a free one). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
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
