// The load generator (run by bench/room/run.ts as its own process): opens N viewer
// sockets on 127.0.0.1, then posts chat at a fixed rate from a few of them and
// measures, on every 10th socket, how long each message took to arrive.
//
// It speaks just enough WebSocket itself to stay cheap, so that on a shared machine it
// measures the server rather than its own event loop: the handshake is an HTTP upgrade
// written on a plain TCP socket; every socket reads every byte the server sends (into one
// shared buffer, without a Buffer or stream event per read) and walks the frame headers,
// answering pings with pongs as browsers do, but only the sampled sockets look inside
// frames, and then only for the send timestamps (no UTF-8 decoding, no JSON). What it
// sends (heartbeats, chat) is masked, as RFC 6455 requires of clients.
import crypto from 'node:crypto';
import net from 'node:net';

export interface LoadParams {
  url: string;
  kind: 'plain' | 'leadcast';
  viewers: number;
  rampSeconds: number;
  chatSeconds: number;
  messagesPerSecond: number;
  senders: number;
  /**
   * Keep the viewers connected after a chat window: the runner may then send more `chat`
   * commands (each measured on its own, `seconds` long) and finally `close`.
   */
  keepOpen?: boolean;
}

export interface LoadResult {
  opened: number;
  failed: number;
  rampMs: number;
  sent: number;
  expected: number;
  received: number;
  /** Sockets the server closed (or that failed) after joining, before the end of the run. */
  dropped: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  loadCpuPercent: number;
}

const params = JSON.parse(process.argv[2] ?? '{}') as LoadParams;
const SAMPLE_EVERY = 10;
const CONCURRENT_OPENS = 100;
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const histogram = new Uint32Array(60_001);
/** Every socket reads into this buffer; a read is handled before the next one lands. */
const readBuffer = Buffer.allocUnsafe(64 * 1024);
const MESSAGE = /b (\d{13}) \d+/g;
let received = 0;
let sampled = 0;
let dropped = 0;
let finished = false;
const viewers: Viewer[] = [];

/** A client frame: masked with a fresh key (RFC 6455 §5.3). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + 4 + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  crypto.randomFillSync(frame, headerLength, 4);
  for (let i = 0; i < length; i++)
    frame[headerLength + 4 + i] = (payload[i] as number) ^ (frame[headerLength + (i & 3)] as number);
  return frame;
}

/**
 * One viewer's socket and the state of its frame reader. Server frames are never
 * masked; a header may be split across reads, a payload may span many reads.
 */
class Viewer {
  /** The HTTP response to the upgrade request, until its header is complete. */
  private handshake: Buffer | null = Buffer.alloc(0);
  /** Header bytes of a frame split across reads. */
  private partial: Buffer | null = null;
  /** Payload bytes still to come in the current frame. */
  private remaining = 0;
  private opcode = 0;
  /** The current frame's payload, kept only for sampled text frames and pings. */
  private chunks: Buffer[] | null = null;
  onFirstFrame: (() => void) | null = null;
  onUpgrade: ((ok: boolean) => void) | null = null;
  socket!: net.Socket;
  joined = false;

  constructor(
    readonly sampled: boolean,
    private readonly accept: string,
  ) {}

  /** Reads the upgrade response; returns the bytes after it, or null while it is incomplete. */
  private upgrade(data: Buffer): Buffer | null {
    const head = Buffer.concat([this.handshake ?? Buffer.alloc(0), data]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      this.handshake = head;
      if (head.length > 16_384) this.onUpgrade?.(false);
      return null;
    }
    this.handshake = null;
    const lines = head.subarray(0, end).toString('latin1').split('\r\n');
    const accept = lines
      .find((l) => l.toLowerCase().startsWith('sec-websocket-accept:'))
      ?.slice('sec-websocket-accept:'.length)
      .trim();
    this.onUpgrade?.(/^HTTP\/1\.1 101 /.test(lines[0] ?? '') && accept === this.accept);
    return head.subarray(end + 4);
  }

  /** Handles one read; `data` is only valid until this returns (the read buffer is shared). */
  read(data: Buffer): void {
    let buf = data;
    if (this.handshake) {
      const rest = this.upgrade(data);
      if (!rest) return;
      buf = rest;
    }
    if (this.partial) {
      buf = Buffer.concat([this.partial, data]);
      this.partial = null;
    }
    let at = 0;
    while (at < buf.length) {
      if (this.remaining === 0 && this.chunks === null) {
        // A new frame header.
        if (buf.length - at < 2) {
          this.partial = Buffer.from(buf.subarray(at));
          return;
        }
        const b1 = buf[at + 1] as number;
        const short = b1 & 0x7f;
        const headerLength = short < 126 ? 2 : short === 126 ? 4 : 10;
        if (buf.length - at < headerLength) {
          this.partial = Buffer.from(buf.subarray(at));
          return;
        }
        this.opcode = (buf[at] as number) & 0x0f;
        this.remaining =
          short < 126
            ? short
            : short === 126
              ? buf.readUInt16BE(at + 2)
              : Number(buf.readBigUInt64BE(at + 2));
        at += headerLength;
        const keep = this.opcode >= 8 || (this.sampled && this.opcode <= 1);
        this.chunks = keep ? [] : null;
        if (this.remaining === 0) this.frameDone();
        continue;
      }
      const take = Math.min(this.remaining, buf.length - at);
      this.chunks?.push(Buffer.from(buf.subarray(at, at + take)));
      this.remaining -= take;
      at += take;
      if (this.remaining === 0) this.frameDone();
    }
  }

  private frameDone(): void {
    const chunks = this.chunks;
    this.chunks = null;
    if (this.opcode === 0x9) this.send(0xa, Buffer.concat(chunks ?? []));
    else if (this.opcode === 0x8) this.socket.destroy();
    else if (chunks?.length) count(Buffer.concat(chunks).toString('latin1'));
    if (this.onFirstFrame) {
      const f = this.onFirstFrame;
      this.onFirstFrame = null;
      f();
    }
  }

  send(opcode: number, payload: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(clientFrame(opcode, payload));
  }
}

/** Records the latency of every benchmark message in a received frame. */
function count(text: string): void {
  const now = Date.now();
  for (const m of text.matchAll(MESSAGE)) {
    const bucket = Math.min(60_000, Math.max(0, now - Number(m[1])));
    histogram[bucket] = (histogram[bucket] ?? 0) + 1;
    received++;
  }
}

function open(i: number): Promise<boolean> {
  const url = new URL(params.kind === 'leadcast' ? `${params.url}?name=viewer${i}` : params.url);
  const key = crypto.randomBytes(16).toString('base64');
  const accept = crypto.createHash('sha1').update(`${key}${WS_GUID}`).digest('base64');
  const viewer = new Viewer(i % SAMPLE_EVERY === 0, accept);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!ok) socket.destroy();
      resolve(ok);
    };
    const socket = net.connect({
      host: url.hostname,
      port: Number(url.port),
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (n: number) => {
          viewer.read(readBuffer.subarray(0, n));
          return true;
        },
      },
    });
    viewer.socket = socket;
    const timer = setTimeout(() => settle(false), 30_000);
    const joined = () => {
      if (settled) return;
      viewer.joined = true;
      viewers.push(viewer);
      if (viewer.sampled) sampled++;
      settle(true);
    };
    // LeadCast viewers count once `welcome` (the first server frame) has arrived.
    viewer.onUpgrade = (ok) => {
      if (!ok) settle(false);
      else if (params.kind === 'plain') joined();
      else viewer.onFirstFrame = joined;
    };
    socket.on('error', () => settle(false));
    socket.on('close', () => {
      if (!settled) settle(false);
      else if (!finished && viewer.joined) dropped++;
    });
    socket.on('connect', () => {
      socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n` +
          `User-Agent: ${i % 3 ? 'Mozilla/5.0 (iPhone) Mobile' : 'Mozilla/5.0 (X11; Linux x86_64)'}\r\n\r\n`,
      );
    });
  });
}

async function ramp(): Promise<{ opened: number; failed: number; rampMs: number }> {
  const start = Date.now();
  const deadline = start + params.rampSeconds * 1000;
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < params.viewers && Date.now() < deadline) {
      if (!(await open(next++))) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_OPENS }, worker));
  return { opened: viewers.length, failed, rampMs: Date.now() - start };
}

/** Leadcast viewers send the heartbeat real clients send (every 15 s, spread out). */
function heartbeats(): void {
  if (params.kind !== 'leadcast') return;
  const beat = Buffer.from('{"v":1,"type":"heartbeat","playing":true}');
  viewers.forEach((v, i) => {
    setTimeout(
      function next() {
        v.send(0x1, beat);
        setTimeout(next, 15_000).unref();
      },
      (i * 15_000) / viewers.length,
    ).unref();
  });
}

/** Chat message ids stay unique across windows (the server drops a repeated id). */
let seq = 0;

/** Posts chat for `seconds`, waits 3 s for the last deliveries; returns how many were sent. */
async function chat(seconds: number): Promise<number> {
  const senders = viewers.slice(0, params.senders);
  const first = seq;
  const end = Date.now() + seconds * 1000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(timer);
        resolve();
        return;
      }
      const sender = senders[seq % senders.length];
      const body = `b ${Date.now()} ${seq}`;
      const frame =
        params.kind === 'leadcast'
          ? JSON.stringify({ v: 1, type: 'chat.send', id: `m${String(seq).padStart(9, '0')}`, body })
          : JSON.stringify({ body });
      sender?.send(0x1, Buffer.from(frame));
      seq++;
    }, 1000 / params.messagesPerSecond);
  });
  await new Promise((r) => setTimeout(r, 3000));
  return seq - first;
}

function percentile(p: number, total: number): number {
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms] ?? 0;
    if (seen >= total * p) return ms;
  }
  return histogram.length - 1;
}

function close(): void {
  finished = true;
  for (const v of viewers) v.socket.destroy();
  setTimeout(() => process.exit(0), 200);
}

process.on('message', async (msg: { cmd?: string; seconds?: number }) => {
  if (msg.cmd === 'close') return close();
  if (msg.cmd !== 'chat') return;
  // Each window is measured on its own.
  histogram.fill(0);
  received = 0;
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const sent = await chat(msg.seconds ?? params.chatSeconds);
  const cpu = process.cpuUsage(cpu0);
  let max = 0;
  for (let ms = 0; ms < histogram.length; ms++) if (histogram[ms]) max = ms;
  const result: Omit<LoadResult, 'opened' | 'failed' | 'rampMs'> = {
    sent,
    expected: sent * sampled,
    received,
    dropped,
    p50: percentile(0.5, received),
    p90: percentile(0.9, received),
    p99: percentile(0.99, received),
    max,
    loadCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (Date.now() - t0)) * 100),
  };
  if (params.keepOpen) {
    process.send?.({ done: result });
    return;
  }
  finished = true;
  process.send?.({ done: result });
  close();
});

const ramped = await ramp();
heartbeats();
process.send?.({ ramped });
