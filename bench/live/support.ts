import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createServices } from '../../src/services.js';
import { acceptsConnections, createEvent, register, testPattern, waitFor } from '../../test/live/fixtures.js';
import { freePort } from '../../test/support/browser.js';

export { cpuSeconds, percentile } from '../support.js';
export { freePort, waitFor };

export interface Stream {
  eventId: string;
  streamKey: string;
  joinToken: string;
  mediaPath: string;
}

export interface Server extends Stream {
  base: string;
  rtmp: string;
  dataDir: string;
  proc: ChildProcess;
  streams: Stream[];
  stop(): Promise<void>;
}

/**
 * A production-shaped LeadCast: `src/main.ts` in its own process on a temp SQLite
 * database, with one scheduled event, its stream key and one registration.
 */
export async function startServer(events = 1): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-bench-'));
  fs.chmodSync(dataDir, 0o755); // nginx workers (nobody) read the same files
  const port = await freePort();
  const rtmpPort = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    RTMP_PORT: String(rtmpPort),
    RTMP_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
  };
  const config = loadConfig(env);
  const db = openDatabase(config.database);
  await db.migrate();
  const services = createServices({ config, db, clock: { now: () => new Date() } });
  const streams: Stream[] = [];
  for (let i = 0; i < events; i++) {
    const event = await createEvent(db.kysely, { startsInMs: 60_000 });
    const row = await services.live.stream(event.id);
    const joinToken = await register(db.kysely, event.id);
    streams.push({ eventId: event.id, streamKey: row.stream_key, joinToken, mediaPath: row.media_path });
  }
  await db.close();

  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor('server', async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.ok, 30_000);
  await waitFor('RTMP port', () => acceptsConnections(rtmpPort));
  const exited = new Promise((resolve) => proc.on('close', resolve));
  return {
    base,
    rtmp: `rtmp://127.0.0.1:${rtmpPort}/live`,
    dataDir,
    proc,
    ...(streams[0] as Stream),
    streams,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Moves the event to live through the events service on the same database (the
 * benchmark has no signed-in producer); the room then serves the live playback URLs.
 */
export async function setEventLive(server: Server, live: boolean): Promise<void> {
  const config = loadConfig({ DATA_DIR: server.dataDir });
  const db = openDatabase(config.database);
  const services = createServices({ config, db, clock: { now: () => new Date() } });
  await services.events.transition(
    { actorType: 'system', actorId: null },
    server.eventId,
    live ? 'live' : 'ended',
  );
  await db.close();
}

export function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** A 720p30 H.264/AAC clip (1 s GOP, ~3 Mbit/s) to push in copy mode: the encoder costs nearly nothing. */
export async function makeClip(file: string, seconds = 20): Promise<void> {
  if (fs.existsSync(file)) return;
  await run('ffmpeg', [
    '-y',
    ...testPattern({ source: 'testsrc2' }),
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    '30',
    '-b:v',
    '3000k',
    '-maxrate',
    '3000k',
    '-bufsize',
    '6000k',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-f',
    'flv',
    file,
  ]);
}

/** Publishes `clip` in a loop, in real time, without re-encoding (what OBS's output looks like to us). */
export function pushClip(clip: string, url: string): ChildProcess {
  return spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      clip,
      '-c',
      'copy',
      '-f',
      'flv',
      url,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

export function run(cmd: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('close', resolve);
  });
}
