import type { Kysely } from 'kysely';
import WebSocket from 'ws';
import type { Database } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';

/** Inserts a speaker of the event (the events domain's API is not what these tests exercise). */
export async function insertSpeaker(db: Kysely<Database>, eventId: string, name: string, title = 'CTO') {
  const now = new Date().toISOString();
  const id = newId();
  await db
    .insertInto('speakers')
    .values({
      id,
      event_id: eventId,
      name,
      title,
      company: 'Acme',
      bio: '',
      photo_file_id: null,
      tier: 'expert',
      position: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** A WebSocket client that keeps every JSON frame it receives and can wait for one. */
export class FrameClient {
  readonly frames: Record<string, unknown>[] = [];
  private waiters: {
    test: (f: Record<string, unknown>) => boolean;
    resolve: (f: Record<string, unknown>) => void;
  }[] = [];
  closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<FrameClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new FrameClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** The first frame (already received or coming) that passes `test`. */
  next(test: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const seen = this.frames.find(test);
    if (seen) {
      this.frames.splice(this.frames.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) =>
      this.waiters.push({
        test,
        resolve: (f) => {
          this.frames.splice(this.frames.indexOf(f), 1);
          resolve(f);
        },
      }),
    );
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
}

/** The status code a refused upgrade answers with. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => resolve(0));
  });
}
