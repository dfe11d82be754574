import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../../test/support/browser.js';
import { startServer, waitFor } from '../live/support.js';
import { signInHost, studioBrowserFlags } from './support.js';

/**
 * Where the studio's glass-to-glass time goes, one host page (no guests, no players):
 * - in the host page: each MediaRecorder chunk (wall clock, BlobEvent.timecode, size) and the
 *   WebSocket's bufferedAmount when it is sent;
 * - on the server side: the HTTP-FLV relay read by ffmpeg here, each decoded frame's time code
 *   (drawn by the host's compositor) against the wall clock when ffmpeg hands the frame over,
 *   and each FLV tag's timestamp against its arrival time.
 * `node --import tsx bench/studio/trace.ts` (TRACE_SECONDS, default 30).
 */
const SECONDS = Number(process.env.TRACE_SECONDS ?? 30);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-studio-trace-'));
const flags = studioBrowserFlags(dir);
const server = await startServer();
const { cookie, api } = await signInHost(server);
await api('PUT', '/studio/ingest-source', { source: 'studio' });

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: flags,
});
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.base }]);
  await context.addInitScript(`(() => {
    window.__trace = { chunks: [], sends: [] };
    const desc = Object.getOwnPropertyDescriptor(MediaRecorder.prototype, 'ondataavailable');
    Object.defineProperty(MediaRecorder.prototype, 'ondataavailable', {
      set(fn) { desc.set.call(this, (e) => { window.__trace.chunks.push([Date.now(), e.timecode, e.data.size]); (window.__blobs ??= []).push(e.data); fn(e); }); },
      get() { return desc.get.call(this); },
    });
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (d) {
      if (typeof d !== 'string') window.__trace.sends.push([Date.now(), d.size ?? d.byteLength, this.bufferedAmount]);
      return send.call(this, d);
    };
  })()`);
  const host = await context.newPage();
  await host.goto(`${server.base}/studio/${server.eventId}/browser?timecode=1`);
  await host.getByRole('button', { name: 'Start the studio (rehearsal)' }).click();
  await waitFor(
    'backstage',
    async () => ((await api('GET', '/live')) as { state: string }).state === 'backstage',
    60_000,
  );
  await api('POST', '/live/go-live');
  const t0 = Date.now();
  const live = (await api('GET', '/live')) as Record<string, unknown>;
  // Server side: the HTTP-FLV relay as it arrives (tags with their arrival time), kept in a file.
  const flvFile = process.env.TRACE_FLV ?? path.join(dir, 'relay.flv');
  const out = fs.createWriteStream(flvFile);
  const tags: { at: number; kind: number; ts: number; key: boolean; seq: boolean }[] = [];
  const ac = new AbortController();
  const relay = (async () => {
    await new Promise((r) => setTimeout(r, 5000)); // after the remuxer's first tags (config)
    const res = await fetch(`${server.base}/media/${server.mediaPath}/live.flv`, { signal: ac.signal });
    let pending = Buffer.alloc(0);
    let headerDone = false;
    for await (const d of res.body as unknown as AsyncIterable<Uint8Array>) {
      out.write(d);
      pending = Buffer.concat([pending, d]);
      if (!headerDone) {
        if (pending.length < 13) continue;
        pending = pending.subarray(13);
        headerDone = true;
      }
      while (pending.length >= 11) {
        const size = pending.readUIntBE(1, 3);
        if (pending.length < 11 + size + 4) break;
        const kind = pending[0] as number;
        const ts = pending.readUIntBE(4, 3) + (pending[7] as number) * 2 ** 24;
        const b0 = pending[11] as number;
        tags.push({
          at: Date.now(),
          kind,
          ts,
          key: kind === 9 && b0 >> 4 === 1,
          seq: kind === 9 && pending[12] === 0,
        });
        pending = pending.subarray(11 + size + 4);
      }
    }
  })().catch(() => {});
  const samples: string[] = [];
  const load = setInterval(() => samples.push(os.loadavg()[0]?.toFixed(2) ?? ''), 5000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(load);
  ac.abort();
  await relay;
  await new Promise((r) => out.end(r));
  const trace = (await host.evaluate('window.__trace')) as { chunks: number[][]; sends: number[][] };
  if (process.env.TRACE_WEBM) {
    const b64 = (await host.evaluate(
      `new Promise((done) => { const r = new FileReader(); r.onload = () => done(String(r.result).split(',')[1]); r.readAsDataURL(new Blob(window.__blobs)); })`,
    )) as string;
    fs.writeFileSync(process.env.TRACE_WEBM, Buffer.from(b64, 'base64'));
  }
  const frameCount = (await host.evaluate('window.leadcastStudio.frames()')) as number;
  console.log(JSON.stringify({ t0, live: live.state, frameCount, load: samples }));
  const c0 = trace.chunks[0] as number[];
  console.log('chunk: wall-since-first(ms) timecode(ms) lag=wall-timecode size');
  for (const [i, c] of trace.chunks.entries())
    if (i % 8 === 0 || i === trace.chunks.length - 1)
      console.log(
        `  ${(c[0] as number) - (c0[0] as number)} ${c[1]?.toFixed(0)} ${((c[0] as number) - (c0[0] as number) - ((c[1] as number) - (c0[1] as number))).toFixed(0)} ${c[2]}`,
      );
  const bytes = trace.chunks.reduce((s, c) => s + (c[2] as number), 0);
  const span = ((trace.chunks.at(-1)?.[0] as number) - (c0[0] as number)) / 1000;
  console.log(
    `chunks ${trace.chunks.length} over ${span.toFixed(1)} s, ${((bytes * 8) / span / 1000).toFixed(0)} kbit/s; max bufferedAmount ${Math.max(...trace.sends.map((s) => s[2] as number))}`,
  );
  const video = tags.filter((t) => t.kind === 9 && !t.seq);
  console.log(
    `relay tags ${tags.length}, video ${video.length}, sequence headers ${tags.filter((t) => t.seq).length}, keyframes at ts ${video
      .filter((t) => t.key)
      .map((t) => t.ts)
      .join(' ')}`,
  );
  const v0 = video[0];
  if (v0) {
    console.log('relay video tags: arrival-since-first(ms) ts-since-first(ms) (arrival - ts)');
    for (const [i, t] of video.entries())
      if (i % 30 === 0 || i === video.length - 1)
        console.log(`  ${t.at - v0.at} ${t.ts - v0.ts} ${t.at - v0.at - (t.ts - v0.ts)}`);
  }
  // Decode the saved relay and read the time code of each frame: host canvas → server arrival.
  const dec = spawnSync(
    '/usr/bin/ffmpeg',
    [
      '-v',
      'error',
      '-i',
      flvFile,
      '-vf',
      'crop=900:28:0:0,format=gray',
      '-vsync',
      'passthrough',
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    { maxBuffer: 1 << 30 },
  );
  console.log(`decode: status ${dec.status}, ${String(dec.stderr).split('\n').slice(0, 3).join(' | ')}`);
  const raw = dec.stdout as Buffer;
  const frame = 900 * 28;
  const lags: number[] = [];
  for (let i = 0; (i + 1) * frame <= raw.length; i++) {
    let stamp = 0;
    for (let bit = 0; bit < 44; bit++)
      if ((raw[i * frame + 14 * 900 + 4 + bit * 20 + 10] as number) > 127) stamp += 2 ** bit;
    const t = video[i];
    if (t) lags.push(t.at - stamp);
    if (t && i % 30 === 0)
      console.log(`  frame ${i} ts ${t.ts} arrival-timecode ${t.at - stamp} ms (timecode ${stamp})`);
  }
  lags.sort((a, b) => a - b);
  console.log(
    `decoded frames ${raw.length / frame}, host canvas → relay arrival p50 ${lags[Math.floor(lags.length / 2)]} ms, min ${lags[0]} ms`,
  );
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
