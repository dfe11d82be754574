import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { runningRemuxers } from '../../src/studio/ingest.js';
import { createEvent, isAlive, startEncoder, testPattern, waitFor } from '../live/fixtures.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { FrameClient } from './fixtures.js';

const MIME = 'video/x-matroska;codecs=avc1,opus';

/**
 * What the host's browser sends, made by ffmpeg: H.264 (1 s keyframes, as Chromium's
 * MediaRecorder with videoKeyFrameIntervalDuration) and Opus in Matroska, in real time,
 * streamed as binary WebSocket messages the way the studio page sends MediaRecorder chunks.
 */
function browserLikeRecorder(
  url: string,
  cookie: string,
): { ws: WebSocket; ffmpeg: ChildProcess; client: Promise<FrameClient> } {
  const ffmpeg = spawn(
    'ffmpeg',
    [
      ...testPattern({ realtime: true, size: '640x360' }),
      '-t',
      '120',
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
      'libopus',
      '-b:a',
      '64k',
      '-ar',
      '48000',
      '-f',
      'matroska',
      '-live',
      '1',
      '-cluster_time_limit',
      '250',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const ws = new WebSocket(`${url}?mime=${encodeURIComponent(MIME)}`, { headers: { cookie } });
  const client = new Promise<FrameClient>((resolve, reject) => {
    const c = new FrameClient(ws);
    ws.once('open', () => {
      ffmpeg.stdout?.on('data', (chunk: Buffer) => {
        if (ws.readyState === 1) ws.send(chunk);
      });
      resolve(c);
    });
    ws.once('unexpected-response', (_q, res) => reject(new Error(`refused ${res.statusCode}`)));
  });
  ffmpeg.on('close', () => ws.readyState === 1 && ws.close());
  return { ws, ffmpeg, client };
}

/** ffprobe of a URL, run asynchronously: the server answering it lives in this process. */
const probe = (url: string) =>
  new Promise<{ streams?: { codec_type: string; codec_name: string; width?: number }[] }>((resolve) => {
    const child = spawn(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width', '-of', 'json', url],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      out += s;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(JSON.parse(out || '{}'));
    });
  });

for (const dialect of dialects) {
  describe(`browser studio ingest → live pipeline (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let base: string;
    let eventId: string;
    let ingestUrl: string;
    const recorders: ChildProcess[] = [];

    before(async () => {
      h = await startHarness(dialect, { RTMP_PORT: '0', RTMP_HOST: '127.0.0.1' });
      await h.services.live.start();
      base = await h.app.listen({ port: 0, host: '127.0.0.1' });
      admin = await setupAdmin(h);
      eventId = (await createEvent(h.services.db.kysely)).id;
      ingestUrl = `${base.replace('http', 'ws')}/api/v1/events/${eventId}/studio/ingest`;
    });

    after(async () => {
      for (const r of recorders) r.kill('SIGKILL');
      await h?.close();
    });

    const status = async () => (await admin.request({ url: `/api/v1/events/${eventId}/live` })).json();

    it('refuses the studio while the event streams from RTMP, and RTMP once it streams from the studio', async () => {
      const refusedStudio = browserLikeRecorder(ingestUrl, admin.cookie);
      recorders.push(refusedStudio.ffmpeg);
      const client = await refusedStudio.client;
      const frame = await client.next((f) => f.type === 'refused');
      assert.match(String(frame.message), /RTMP encoder/);
      assert.equal((await client.closed).code, 4009);
      refusedStudio.ffmpeg.kill('SIGKILL');

      const put = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${eventId}/studio/ingest-source`,
        payload: { source: 'studio' },
      });
      assert.equal(put.statusCode, 200);
      const key = (await admin.request({ url: `/api/v1/events/${eventId}/live/stream-key` })).json()
        .stream_key;
      const encoder = startEncoder(`rtmp://127.0.0.1:${h.services.live.rtmpPort}/live/${key}`, {
        seconds: 5,
      });
      await encoder.exited;
      assert.match(encoder.stderr(), /browser studio|Error|error/i);
      assert.equal((await status()).state, 'offline');
    });

    it('feeds the studio programme into the same pipeline: backstage preview with health, then live HLS that plays', async () => {
      const rec = browserLikeRecorder(ingestUrl, admin.cookie);
      recorders.push(rec.ffmpeg);
      await rec.client;
      const backstage = await waitFor('backstage with frames', async () => {
        const s = await status();
        return s.state === 'backstage' && s.health?.video?.fps > 0 ? s : undefined;
      });
      assert.equal(backstage.health.video.codec, 'h264');
      assert.equal(backstage.health.audio.codec, 'aac');
      assert.equal(backstage.health.unsupported, null);
      const goLive = await admin.request({ method: 'POST', url: `/api/v1/events/${eventId}/live/go-live` });
      assert.equal(goLive.statusCode, 200, goLive.body);
      const playlist = `${base}${backstage.preview}`;
      await waitFor('three live segments', async () => {
        const res = await fetch(playlist);
        return res.ok && ((await res.text()).match(/\.ts/g)?.length ?? 0) >= 3;
      });
      const streams = (await probe(playlist)).streams ?? [];
      assert.deepEqual(streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort(), [
        'audio:aac',
        'video:h264',
      ]);
      assert.equal(streams.find((s) => s.codec_type === 'video')?.width, 640);
    });

    it('a reconnecting studio (reload, network loss) continues the same live playlist', async () => {
      const first = recorders.at(-1) as ChildProcess;
      const playlist = `${base}${(await status()).preview}`;
      const before = await (await fetch(playlist)).text();
      const lastSequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(before)?.[1]);
      first.kill('SIGKILL'); // the tab went away mid-stream
      await waitFor(
        'session gone',
        async () => (await status()).state === 'live' && !(await status()).health,
      );
      const again = browserLikeRecorder(ingestUrl, admin.cookie);
      recorders.push(again.ffmpeg);
      await again.client;
      const after = await waitFor('playlist continued after a discontinuity', async () => {
        const text = await (await fetch(playlist)).text();
        return text.includes('#EXT-X-DISCONTINUITY') && !text.includes('#EXT-X-ENDLIST') ? text : undefined;
      });
      assert.ok(Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(after)?.[1]) >= lastSequence);
      await waitFor('frames again', async () => (await status()).health?.video?.fps > 0);
    });

    it('End cuts the studio and gives a seekable replay; no remuxer survives', async () => {
      await new Promise((r) => setTimeout(r, 2000));
      const pids = runningRemuxers();
      assert.equal(pids.length, 1);
      const end = await admin.request({ method: 'POST', url: `/api/v1/events/${eventId}/live/end` });
      assert.equal(end.statusCode, 200);
      await h.services.live.replayDone(eventId);
      const s = await status();
      assert.equal(s.replay.status, 'ready', JSON.stringify(s.replay));
      const replay = await (await fetch(`${base}${s.preview}`)).text();
      assert.match(replay, /#EXT-X-PLAYLIST-TYPE:VOD/);
      assert.match(replay, /#EXT-X-ENDLIST/);
      await waitFor('remuxer exited', () => pids.every((pid) => !isAlive(pid)));
      const refused = browserLikeRecorder(ingestUrl, admin.cookie);
      recorders.push(refused.ffmpeg);
      const client = await refused.client;
      assert.equal((await client.closed).code, 4009);
    });
  });
}
