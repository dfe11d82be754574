import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { createServices } from '../../src/services.js';
import type { Server } from '../live/support.js';

/**
 * Signs the host in on a freshly started server (first setting up the admin account, after
 * `prepare` has written what the bench needs straight into its database) and returns the
 * session cookie and an API client for the server's event.
 */
export async function signInHost(server: Server, prepare?: (db: Kysely<Database>) => Promise<void>) {
  const config = loadConfig({ DATA_DIR: server.dataDir });
  const db = openDatabase(config.database);
  const services = createServices({ config, db, clock: { now: () => new Date() } });
  const setupToken = await services.accounts.issueSetupToken();
  await prepare?.(db.kysely);
  await db.close();
  const setup = await fetch(`${server.base}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: setupToken,
      email: 'host@example.com',
      name: 'Host',
      password: 'correct horse battery',
    }),
  });
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const csrf = ((await setup.json()) as { csrf_token: string }).csrf_token;
  const api = (method: string, p: string, body?: unknown) =>
    fetch(`${server.base}/api/v1/events/${server.eventId}${p}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  return { cookie, api };
}

/**
 * Chromium flags for the studio benches: fake devices, the cameras playing a 640×360 15 fps
 * clip made by ffmpeg into `dir` (as test/e2e/studio.test.ts: Chromium's default 720p fake
 * cameras in three pages held this 2-core machine at load ~19, the bench's load, not the
 * product's). The programme the host composes and sends is still 1280×720 at 30 fps.
 */
export function studioBrowserFlags(dir: string): string[] {
  const clip = path.join(dir, 'camera.y4m');
  const made = spawnSync('/usr/bin/ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15', '-t', '1'],
    ...['-pix_fmt', 'yuv420p', clip],
  ]);
  if (made.status !== 0) throw new Error(`fake camera clip: ${String(made.stderr)}`);
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--use-fake-device-for-media-stream=fps=15',
    `--use-file-for-fake-video-capture=${clip}`,
    '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-background-timer-throttling',
  ];
}
