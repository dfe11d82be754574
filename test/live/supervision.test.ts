import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createServices } from '../../src/services.js';
import { freePort } from '../support/browser.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import {
  acceptsConnections,
  createEvent,
  isAlive,
  register,
  startEncoder,
  testPattern,
  waitFor,
} from './fixtures.js';

for (const dialect of dialects) {
  describe(`live ingest control (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let rtmp: string;
    before(async () => {
      h = await startHarness(dialect, { RTMP_PORT: '0', RTMP_HOST: '127.0.0.1' });
      await h.services.live.start();
      rtmp = `rtmp://127.0.0.1:${h.services.live.rtmpPort}/live`;
      admin = await setupAdmin(h);
    });
    after(() => h.close());

    const keyOf = async (eventId: string) =>
      (await admin.request({ url: `/api/v1/events/${eventId}/live/stream-key` })).json().stream_key as string;

    it('rotating the key cuts the running stream and only the new key works', async () => {
      const event = await createEvent(h.services.db.kysely);
      const oldKey = await keyOf(event.id);
      const encoder = startEncoder(`${rtmp}/${oldKey}`);
      await waitFor('publishing', () => h.services.live.session(event.id));
      const rotated = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/live/stream-key/rotate`,
      });
      assert.equal(rotated.statusCode, 200);
      assert.notEqual(rotated.json().stream_key, oldKey);
      await encoder.exited;
      assert.equal(h.services.live.session(event.id), undefined);
      const again = startEncoder(`${rtmp}/${oldKey}`, { seconds: 3 });
      assert.notEqual(await again.exited, 0);
      assert.match(again.stderr(), /Unknown or rotated stream key/);
      const fresh = startEncoder(`${rtmp}/${rotated.json().stream_key}`, { seconds: 30 });
      await waitFor('publishing with the new key', () => h.services.live.session(event.id));
      await fresh.stop();
      const audit = await h.services.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', event.id)
        .execute();
      assert.ok(audit.some((a) => a.action === 'live.key_rotated'));
    });

    it('runs several events at once, each with its own key and media path', async () => {
      const events = [await createEvent(h.services.db.kysely), await createEvent(h.services.db.kysely)];
      const encoders = await Promise.all(
        events.map(async (e) => startEncoder(`${rtmp}/${await keyOf(e.id)}`)),
      );
      try {
        const previews = await Promise.all(
          events.map((e) =>
            waitFor('both playlists', async () => {
              const s = (await admin.request({ url: `/api/v1/events/${e.id}/live` })).json();
              const res = await h.app.inject({ url: s.preview });
              return s.state === 'backstage' && res.body.includes('#EXTINF')
                ? (s.preview as string)
                : undefined;
            }),
          ),
        );
        assert.notEqual(previews[0], previews[1]);
      } finally {
        await Promise.all(encoders.map((e) => e.stop()));
      }
    });

    it('tells the studio when the codec cannot be played in browsers', async () => {
      const event = await createEvent(h.services.db.kysely);
      const key = await keyOf(event.id);
      const encoder = spawn('ffmpeg', [
        ...testPattern({ size: '320x240', rate: 15, realtime: true }),
        '-t',
        '30',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-c:a',
        'libmp3lame',
        '-f',
        'flv',
        `${rtmp}/${key}`,
      ]);
      const status = await waitFor('codec report', async () => {
        const s = (await admin.request({ url: `/api/v1/events/${event.id}/live` })).json();
        return s.health?.unsupported ? s : undefined;
      });
      assert.equal(status.health.unsupported, 'audio:mp3');
      const blocked = await admin.request({ method: 'POST', url: `/api/v1/events/${event.id}/live/go-live` });
      assert.equal(blocked.statusCode, 200, "going live is the producer's call; the studio shows the error");
      encoder.kill('SIGKILL');
    });

    it('lets only live producers act, and checks the event exists', async () => {
      const sales = await addTeammate(h, admin, 'sales');
      const event = await createEvent(h.services.db.kysely);
      const res = await sales.request({ method: 'POST', url: `/api/v1/events/${event.id}/live/go-live` });
      assert.equal(res.statusCode, 403);
      assert.equal((await sales.request({ url: `/studio/${event.id}` })).statusCode, 403);
      const missing = await admin.request({ url: '/api/v1/events/nope/live' });
      assert.equal(missing.statusCode, 404);
      const noSignal = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/live/go-live`,
      });
      assert.equal(noSignal.json().error.code, 'INVALID_STATE');
      assert.match(noSignal.json().error.message, /No signal/);
      const notLive = await admin.request({ method: 'POST', url: `/api/v1/events/${event.id}/live/end` });
      assert.equal(notLive.json().error.code, 'INVALID_STATE');
    });

    it('sends visitors of a registration-only event to the registration form, and plays open events', async () => {
      const closed = await createEvent(h.services.db.kysely);
      const res = await h.app.inject({ url: `/e/${closed.slug}/live` });
      assert.equal(res.statusCode, 302);
      assert.equal(res.headers.location, `/e/${closed.slug}#register`);
      assert.equal((await h.app.inject({ url: `/e/${closed.slug}/live/status` })).statusCode, 404);
      const open = await createEvent(h.services.db.kysely, { access: 'open' });
      const page = await h.app.inject({ url: `/e/${open.slug}/live` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="lc-room-panel"/);
      assert.equal(
        (await h.app.inject({ url: `/e/${open.slug}/live/status` })).json().state,
        'starting_soon',
      );
    });

    it('answers the SRS and MediaMTX publish hooks with the same key check', async () => {
      const event = await createEvent(h.services.db.kysely);
      const key = await keyOf(event.id);
      const row = await h.services.live.stream(event.id);
      const srs = (stream: string, param: string) =>
        h.app.inject({
          method: 'POST',
          url: '/api/v1/live/hooks/srs',
          payload: { action: 'on_publish', app: 'live', stream, param },
        });
      assert.deepEqual((await srs(row.media_path, `?key=${key}`)).json(), { code: 0 });
      const refused = await srs(row.media_path, '?key=wrong');
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'FORBIDDEN');
      assert.equal((await srs('other-path', `?key=${key}`)).statusCode, 403);
      const mtx = (p: string, query: string) =>
        h.app.inject({
          method: 'POST',
          url: '/api/v1/live/hooks/mediamtx',
          payload: { action: 'publish', path: p, query, protocol: 'rtmp' },
        });
      assert.equal((await mtx(row.media_path, `key=${key}`)).statusCode, 200);
      assert.equal((await mtx(row.media_path, 'key=nope')).statusCode, 403);
      const nonsense = await h.app.inject({
        method: 'POST',
        url: '/api/v1/live/hooks/srs',
        payload: { nonsense: true },
      });
      assert.equal(nonsense.statusCode, 400);
      assert.equal(nonsense.json().error.code, 'VALIDATION_FAILED');
    });
  });
}

describe('external media server mode', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', {
      LIVE_INGEST: 'external',
      RTMP_PUBLIC_URL: 'rtmp://srs.example.com/live',
      LIVE_PLAYBACK_URL_TEMPLATE: 'https://cdn.example.com/live/{path}.m3u8',
    });
    await h.services.live.start();
  });
  after(() => h.close());

  it('gives the encoder the media path with the key, and the audience CDN URLs', async () => {
    const admin = await setupAdmin(h);
    const event = await createEvent(h.services.db.kysely);
    const token = await register(h.services.db.kysely, event.id);
    const row = await h.services.live.stream(event.id);
    const ingest = (await admin.request({ url: `/api/v1/events/${event.id}/live/stream-key` })).json();
    assert.equal(ingest.server, 'rtmp://srs.example.com/live');
    assert.equal(ingest.stream_key, `${row.media_path}?key=${row.stream_key}`);
    assert.equal(h.services.live.rtmpPort, 0, 'no embedded RTMP server');
    const live = await admin.request({ method: 'POST', url: `/api/v1/events/${event.id}/live/go-live` });
    assert.equal(live.statusCode, 200, 'no local signal to wait for');
    const status = (await h.app.inject({ url: `/j/${token}/status` })).json();
    assert.deepEqual(status.playback, {
      hls: `https://cdn.example.com/live/${row.media_path}.m3u8`,
      flv: null,
    });
    const ended = await admin.request({ method: 'POST', url: `/api/v1/events/${event.id}/live/end` });
    assert.equal(ended.json().event.status, 'ended');
    await h.services.live.replayDone(event.id);
    const rec = (await admin.request({ url: `/api/v1/events/${event.id}/live/recording` })).json();
    assert.equal(rec.status, 'none', 'the media server records; LeadCast does not pretend to');
  });
});

describe('optional transcoding ladder', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', {
      RTMP_PORT: '0',
      RTMP_HOST: '127.0.0.1',
      LIVE_TRANSCODE_LADDER: '144:150',
    });
    await h.services.live.start();
  });
  after(() => h.close());

  it('publishes the source copy and each configured rendition under one master playlist', async () => {
    const event = await createEvent(h.services.db.kysely);
    const row = await h.services.live.stream(event.id);
    const encoder = spawn('ffmpeg', [
      ...testPattern({ size: '320x240', rate: 15, realtime: true }),
      '-t',
      '30',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '15',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-f',
      'flv',
      `rtmp://127.0.0.1:${h.services.live.rtmpPort}/live/${row.stream_key}`,
    ]);
    try {
      const base = `/media/${row.media_path}/live`;
      const master = await waitFor('master playlist', async () => {
        const res = await h.app.inject({ url: `${base}/index.m3u8` });
        return res.statusCode === 200 && res.body.includes('v1.m3u8') ? res.body : undefined;
      });
      assert.match(master, /RESOLUTION=320x240/);
      assert.match(master, /RESOLUTION=19\dx144/);
      const rendition = await waitFor('rendition segments', async () => {
        const res = await h.app.inject({ url: `${base}/v1.m3u8` });
        return res.body.includes('#EXTINF') ? res.body : undefined;
      });
      const segment = rendition.split('\n').find((l) => l.endsWith('.ts')) ?? '';
      assert.equal((await h.app.inject({ url: `${base}/${segment}` })).headers['content-type'], 'video/mp2t');
    } finally {
      encoder.kill('SIGKILL');
    }
  });
});

const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter(Boolean);
  } catch {
    return [];
  }
};

describe('no ffmpeg outlives LeadCast', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`after ${signal} to the server process`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-orphans-'));
      const rtmpPort = await freePort();
      const env = {
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        RTMP_PORT: String(rtmpPort),
        RTMP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      };
      const config = loadConfig(env);
      const db = openDatabase(config.database);
      await db.migrate();
      const services = createServices({ config, db, clock: { now: () => new Date() } });
      const event = await createEvent(db.kysely);
      const key = (await services.live.stream(event.id)).stream_key;
      await db.close();

      const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const exited = new Promise((resolve) => server.on('close', resolve));
      let encoder: ReturnType<typeof startEncoder> | undefined;
      try {
        await waitFor('RTMP port', () => acceptsConnections(rtmpPort), 20_000);
        encoder = startEncoder(`rtmp://127.0.0.1:${rtmpPort}/live/${key}`);
        const ffmpegPids = await waitFor(
          'a packager child',
          () => {
            const kids = childrenOf(server.pid as number);
            return kids.length > 0 ? kids : undefined;
          },
          20_000,
        );
        server.kill(signal);
        await exited;
        await waitFor('packagers gone', () => ffmpegPids.every((pid) => !isAlive(pid)), 10_000);
      } finally {
        await encoder?.stop();
        if (server.exitCode === null) server.kill('SIGKILL');
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
