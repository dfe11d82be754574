import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { EventStatus } from '../../src/events/tables.js';
import { insertEvent, insertRegistration } from '../support/rows.js';

/** Inserts an event in any status (the events service is another domain's). */
export async function createEvent(
  db: Kysely<Database>,
  over: { status?: EventStatus; access?: 'registration' | 'open'; startsInMs?: number } = {},
): Promise<Database['events']> {
  const starts = new Date(Date.now() + (over.startsInMs ?? 3_600_000));
  return insertEvent(db, {
    title: 'Scaling B2B webinars',
    summary: 'A live test event',
    status: over.status ?? 'scheduled',
    access: over.access ?? 'registration',
    starts_at: starts.toISOString(),
    ends_at: new Date(starts.getTime() + 3_600_000).toISOString(),
  });
}

/** Inserts a contact and its registration; returns the join token. */
export async function register(
  db: Kysely<Database>,
  eventId: string,
  status: 'active' | 'revoked' = 'active',
): Promise<string> {
  return (await insertRegistration(db, eventId, { status })).join_token;
}

export interface Encoder {
  proc: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * ffmpeg's quiet-logging arguments and its two generated inputs: the lavfi test pattern
 * (`source`: testsrc by default, or testsrc2) and a 440 Hz sine. `realtime` reads them at their
 * native rate (-re), as a live encoder does.
 */
export function testPattern(
  opts: { size?: string; rate?: number; realtime?: boolean; source?: 'testsrc' | 'testsrc2' } = {},
) {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    ...(opts.realtime ? ['-re'] : []),
    '-f',
    'lavfi',
    '-i',
    `${opts.source ?? 'testsrc'}=size=${opts.size ?? '1280x720'}:rate=${opts.rate ?? 30}`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=44100',
  ];
}

/**
 * ffmpeg pushing the test pattern the issue prescribes (1280×720 testsrc + sine,
 * x264 with a 1 s GOP, AAC) in real time to `url`.
 */
export function startEncoder(
  url: string,
  opts: { seconds?: number; extraVideoFilter?: string } = {},
): Encoder {
  const args = [
    ...testPattern({ realtime: true }),
    ...(opts.extraVideoFilter ? ['-vf', opts.extraVideoFilter] : []),
    '-t',
    String(opts.seconds ?? 600),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-g',
    '30',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '96k',
    '-f',
    'flv',
    url,
  ];
  const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (s: string) => {
    err += s;
  });
  // A missing ffmpeg is an 'error' without an exit: settle anyway, so no test waits forever.
  const exited = new Promise<number | null>((resolve) => {
    proc.on('close', (code) => resolve(code));
    proc.on('error', (e) => {
      err += `could not start ffmpeg: ${e.message}`;
      resolve(null);
    });
  });
  return {
    proc,
    stderr: () => err,
    exited,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** True once something accepts TCP connections on 127.0.0.1:`port` (e.g. the RTMP server is up). */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
