import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { Harness } from '../support/harness.js';
import { insertEvent, insertRegistration } from '../support/rows.js';

/** Inserts an event in any status (the events API is another capability); returns its id. */
export async function createEvent(
  h: Harness,
  access: 'registration' | 'open' = 'registration',
  status: 'live' | 'draft' | 'on_demand' = 'live',
) {
  const now = new Date().toISOString();
  return (
    await insertEvent(h.services.db.kysely, {
      title: 'Room test',
      access,
      status,
      starts_at: now,
      ends_at: now,
    })
  ).id;
}

/** A registration with its join token (and a contact, so mutes follow the person). */
export function register(h: Harness, eventId: string, name: string) {
  return insertRegistration(h.services.db.kysely, eventId, {
    name,
    phone: '+86 138 0000 0000',
    company: 'Acme',
    job_title: 'CTO',
  });
}

type Frame = { type: string; ref?: string; [k: string]: unknown };
type Event = { type: string; [k: string]: unknown };
// biome-ignore lint/suspicious/noExplicitAny: answers are free-form JSON that tests pick apart
type Loose = any;
type Reply = Frame & { result?: Loose; code?: string; details?: Loose };

/** A real WebSocket client that records every frame and lets a test wait for one. */
export class TestSocket {
  readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  private refs = 0;
  welcome!: Frame & {
    viewers: number;
    you: { viewerId: string; name: string; host: boolean; viewerToken?: string };
    room: Record<string, unknown>;
    personal: Record<string, unknown>;
  };
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** How the server closed the socket, once it has (undefined if it stays open for `ms`). */
  async closedWithin(ms: number): Promise<TestSocket['closed']> {
    const until = Date.now() + ms;
    while (!this.closed && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, options);
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () =>
          reject(
            Object.assign(new Error(`upgrade refused ${res.statusCode}`), {
              status: res.statusCode,
              body: JSON.parse(body || '{}'),
            }),
          ),
        );
      });
      ws.once('error', reject);
    });
    socket.welcome = (await socket.until((f) => f.type === 'welcome')) as TestSocket['welcome'];
    return socket;
  }

  /** Waits for a frame matching `match` (already received or still to come). */
  async until(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Every room event received in batches so far. */
  events(type?: string): Event[] {
    return this.frames
      .filter((f) => f.type === 'batch')
      .flatMap((f) => f.events as Event[])
      .filter((e) => !type || e.type === type);
  }

  async event(type: string, match: (e: Event) => boolean = () => true, timeoutMs = 5000): Promise<Event> {
    const frame = await this.until(
      (f) => f.type === 'batch' && (f.events as Event[]).some((e) => e.type === type && match(e)),
      timeoutMs,
    );
    return (frame.events as Event[]).find((e) => e.type === type && match(e)) as Event;
  }

  sendRaw(data: string | Buffer) {
    this.ws.send(data);
  }

  /** Sends a frame with a fresh `ref` and returns the matching ack or error frame. */
  async request(frame: Record<string, unknown>): Promise<Reply> {
    const ref = `r${++this.refs}`;
    this.ws.send(JSON.stringify({ v: 1, ref, ...frame }));
    return this.until((f) => f.ref === ref && (f.type === 'ack' || f.type === 'error'));
  }

  close() {
    this.ws.close();
  }
}

export const clientId = () => randomBytes(9).toString('base64url');

export function socketUrl(base: string, eventId: string, query: Record<string, string> = {}) {
  const qs = new URLSearchParams(query).toString();
  return `${base.replace(/^http/, 'ws')}/api/v1/events/${eventId}/room/socket${qs ? `?${qs}` : ''}`;
}
