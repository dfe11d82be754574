import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { type AmfObject, type AmfValue, decodeAmf0, encodeAmf0 } from './amf0.js';
import { ChunkDecoder, encodeMessage, ProtocolError, type RtmpMessage } from './chunks.js';

/** What an encoder asks for when it starts publishing: `rtmp://host/<app>/<streamName>?<query>`. */
export interface PublishRequest {
  app: string;
  streamName: string;
  query: string;
  remoteAddress: string;
}

export type MediaKind = 'audio' | 'video' | 'data';

/** Receives one publishing session's media; `end` is called exactly once. */
export interface Publisher {
  media(kind: MediaKind, timestamp: number, payload: Buffer): void;
  end(reason: string): void;
}

export type PublishDecision = { accept: Publisher } | { reject: string };

export interface RtmpHooks {
  publish(req: PublishRequest, connection: RtmpConnection): Promise<PublishDecision>;
  log(level: 'info' | 'warn', details: Record<string, unknown>, message: string): void;
}

const HANDSHAKE_SIZE = 1536;
const OUT_CHUNK_SIZE = 4096;
const WINDOW_ACK_SIZE = 5_000_000;
const STREAM_ID = 1;

const Type = {
  SetChunkSize: 1,
  Abort: 2,
  Ack: 3,
  UserControl: 4,
  WindowAckSize: 5,
  SetPeerBandwidth: 6,
  Audio: 8,
  Video: 9,
  DataAmf3: 15,
  CommandAmf3: 17,
  DataAmf0: 18,
  CommandAmf0: 20,
} as const;

type Phase = 'c0c1' | 'c2' | 'chunks' | 'closed';

/**
 * One RTMP client connection: simple (non-digest) handshake, then the command
 * exchange up to `publish`. Publishing is all we serve: `play` is refused (viewers use
 * HLS or HTTP-FLV). Any protocol violation closes this connection only.
 */
export class RtmpConnection {
  private phase: Phase = 'c0c1';
  private pending = Buffer.alloc(0);
  private readonly decoder = new ChunkDecoder();
  private app = '';
  private publisher: Publisher | undefined;
  private publishing = false;
  private peerWindow = 0;
  private received = 0;
  private lastAck = 0;

  constructor(
    readonly socket: Socket,
    private readonly hooks: RtmpHooks,
  ) {
    socket.on('data', (data) => this.onData(data));
    socket.on('close', () => this.finish('encoder disconnected'));
    socket.on('error', () => socket.destroy());
  }

  /** True once the stream key was accepted and media flows. */
  get isPublishing() {
    return this.publisher !== undefined;
  }

  /** True from the `publish` command on (key check pending or accepted) until the connection closes. */
  get hasAskedToPublish() {
    return this.publishing && this.phase !== 'closed';
  }

  get remoteAddress() {
    return this.socket.remoteAddress ?? 'unknown';
  }

  /** Ends the session from our side (stream key rotated, event ended, shutdown). */
  close(reason: string) {
    this.finish(reason);
    this.socket.destroy();
  }

  private finish(reason: string) {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    const publisher = this.publisher;
    this.publisher = undefined;
    publisher?.end(reason);
  }

  private onData(data: Buffer) {
    if (this.phase === 'closed') return;
    try {
      this.received += data.length;
      if (this.phase !== 'chunks') return this.handshake(data);
      this.acknowledge();
      for (const msg of this.decoder.push(data)) this.onMessage(msg);
    } catch (err) {
      this.hooks.log(
        'warn',
        { remote: this.remoteAddress, err: (err as Error).message },
        'RTMP protocol error; connection closed',
      );
      this.close('protocol error');
    }
  }

  private handshake(data: Buffer) {
    this.pending = Buffer.concat([this.pending, data]);
    if (this.phase === 'c0c1') {
      if (this.pending.length < 1 + HANDSHAKE_SIZE) return;
      if (this.pending[0] !== 3) throw new ProtocolError(`unsupported RTMP version ${this.pending[0]}`);
      const c1 = this.pending.subarray(1, 1 + HANDSHAKE_SIZE);
      const s1 = randomBytes(HANDSHAKE_SIZE);
      s1.writeUInt32BE(0, 0);
      s1.writeUInt32BE(0, 4); // zero version: clients skip digest validation
      this.socket.write(Buffer.concat([Buffer.from([3]), s1, c1]));
      this.pending = this.pending.subarray(1 + HANDSHAKE_SIZE);
      this.phase = 'c2';
    }
    if (this.phase === 'c2' && this.pending.length >= HANDSHAKE_SIZE) {
      const rest = this.pending.subarray(HANDSHAKE_SIZE);
      this.pending = Buffer.alloc(0);
      this.phase = 'chunks';
      if (rest.length) this.onData(rest);
    }
  }

  private acknowledge() {
    if (this.peerWindow > 0 && this.received - this.lastAck >= this.peerWindow) {
      this.lastAck = this.received;
      this.sendControl(Type.Ack, u32(this.received >>> 0));
    }
  }

  private onMessage(msg: RtmpMessage) {
    switch (msg.type) {
      case Type.SetChunkSize: {
        const size = msg.payload.readUInt32BE(0) & 0x7fffffff;
        if (size < 1 || size > 16 * 1024 * 1024) throw new ProtocolError(`invalid chunk size ${size}`);
        this.decoder.chunkSize = size;
        return;
      }
      case Type.WindowAckSize:
        this.peerWindow = msg.payload.readUInt32BE(0);
        return;
      case Type.Audio:
      case Type.Video:
        if (this.publishing)
          this.publisher?.media(msg.type === Type.Audio ? 'audio' : 'video', msg.timestamp, msg.payload);
        return;
      case Type.DataAmf0:
        if (this.publishing) this.onData0(msg.payload);
        return;
      case Type.CommandAmf0:
        return this.onCommand(decodeAmf0(msg.payload));
      case Type.CommandAmf3:
        return this.onCommand(decodeAmf0(msg.payload.subarray(1)));
      default:
        return; // acks, user control pings, AMF3 data: nothing to do for a publisher
    }
  }

  /** Metadata: `@setDataFrame onMetaData {…}` from the encoder becomes a plain onMetaData tag. */
  private onData0(payload: Buffer) {
    const values = decodeAmf0(payload);
    const body = values[0] === '@setDataFrame' ? values.slice(1) : values;
    if (body[0] !== 'onMetaData') return;
    this.publisher?.media('data', 0, encodeAmf0(...body));
  }

  private onCommand(values: AmfValue[]) {
    const [name, txId] = values;
    const tx = typeof txId === 'number' ? txId : 0;
    switch (name) {
      case 'connect': {
        const cmd = (values[2] ?? {}) as AmfObject;
        this.app = typeof cmd.app === 'string' ? cmd.app.replace(/\/+$/, '') : '';
        this.sendControl(Type.WindowAckSize, u32(WINDOW_ACK_SIZE));
        this.sendControl(Type.SetPeerBandwidth, Buffer.concat([u32(WINDOW_ACK_SIZE), Buffer.from([2])]));
        this.sendControl(Type.SetChunkSize, u32(OUT_CHUNK_SIZE));
        this.sendCommand(
          0,
          '_result',
          tx,
          { fmsVer: 'FMS/3,0,1,123', capabilities: 31 },
          {
            level: 'status',
            code: 'NetConnection.Connect.Success',
            description: 'Connection succeeded.',
            objectEncoding: 0,
          },
        );
        return;
      }
      case 'releaseStream':
      case 'FCPublish':
        this.sendCommand(0, '_result', tx, null, undefined);
        return;
      case 'createStream':
        this.sendCommand(0, '_result', tx, null, STREAM_ID);
        return;
      case 'publish':
        return void this.onPublish(values[3]);
      case 'play':
        this.sendStatus(
          'error',
          'NetStream.Play.Failed',
          'Playback over RTMP is not offered; use the web player',
        );
        return this.close('play refused');
      case 'FCUnpublish':
      case 'deleteStream':
      case 'closeStream':
        if (this.publishing) this.close('encoder stopped publishing');
        return;
      default:
        return;
    }
  }

  private async onPublish(rawName: AmfValue) {
    if (this.publishing || this.publisher) throw new ProtocolError('publish sent twice');
    const full = typeof rawName === 'string' ? rawName : '';
    const q = full.indexOf('?');
    const request: PublishRequest = {
      app: this.app,
      streamName: q >= 0 ? full.slice(0, q) : full,
      query: q >= 0 ? full.slice(q + 1) : '',
      remoteAddress: this.remoteAddress,
    };
    this.publishing = true; // blocks a second publish while the decision is pending
    let decision: PublishDecision;
    try {
      decision = await this.hooks.publish(request, this);
    } catch (err) {
      decision = { reject: `publish check failed: ${(err as Error).message}` };
    }
    if (this.phase === 'closed') {
      if ('accept' in decision) decision.accept.end('encoder disconnected');
      return;
    }
    if ('reject' in decision) {
      this.sendStatus('error', 'NetStream.Publish.BadName', decision.reject);
      this.hooks.log(
        'warn',
        { remote: this.remoteAddress, app: request.app, reason: decision.reject },
        'RTMP publish refused',
      );
      this.finish('publish refused');
      // end() lets the refusal reach the encoder before the socket goes away
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 1000).unref();
      return;
    }
    this.publisher = decision.accept;
    this.sendStatus('status', 'NetStream.Publish.Start', 'Publishing started.');
  }

  private sendStatus(level: string, code: string, description: string) {
    this.sendCommand(STREAM_ID, 'onStatus', 0, null, { level, code, description });
  }

  private sendCommand(streamId: number, ...values: AmfValue[]) {
    this.write(3, { type: Type.CommandAmf0, streamId, timestamp: 0, payload: encodeAmf0(...values) });
  }

  private sendControl(type: number, payload: Buffer) {
    this.write(2, { type, streamId: 0, timestamp: 0, payload });
  }

  private write(csid: number, msg: RtmpMessage) {
    if (!this.socket.destroyed)
      this.socket.write(encodeMessage(csid, msg, csid === 2 ? 128 : OUT_CHUNK_SIZE));
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
