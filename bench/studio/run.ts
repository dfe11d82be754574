import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { insertSpeaker } from '../../test/studio/fixtures.js';
import { CHROMIUM_PATH } from '../../test/support/browser.js';
import { childrenOf, cpuSeconds, percentile, startServer, waitFor } from '../live/support.js';
import { signInHost, studioBrowserFlags } from './support.js';

/**
 * The browser studio's figures, one run, everything on this machine:
 * 1. glass-to-glass from the host's canvas to a viewer (HLS and HTTP-FLV): the host page draws
 *    the wall clock into the programme (`?timecode=1`, 44 black/white boxes), the viewer reads
 *    them from each presented frame (requestVideoFrameCallback) — same clock;
 * 2. host → guest: the same time code read on a guest's page (the stage they see), and the
 *    WebRTC round-trip time of the candidate pair (loopback);
 * 3. server CPU per studio stream (LeadCast + its remuxer and packager), idle server as baseline;
 * 4. the host browser's CPU composing 720p30 with two guests, before and while sending.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const clipDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-studio-bench-'));
const FLAGS = studioBrowserFlags(clipDir);

const tree = (pid: number): number[] => [pid, ...childrenOf(pid).flatMap(tree)];
async function cpuPercent(pids: () => number[], seconds = SECONDS) {
  const before = new Map(pids().map((p) => [p, safeCpu(p)]));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  let used = 0;
  for (const p of pids()) used += safeCpu(p) - (before.get(p) ?? safeCpu(p));
  return (used / seconds) * 100;
}
function safeCpu(pid: number) {
  try {
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
}

/** Runs in a page: (presentation time − time code) for each frame of `selector` for `seconds`. */
const collect = `(async ({ selector, seconds }) => {
  const v = document.querySelector(selector);
  const c = document.createElement('canvas');
  c.width = 900; c.height = 28;
  const g = c.getContext('2d', { willReadFrequently: true });
  const out = [];
  const until = Date.now() + seconds * 1000;
  await new Promise((done) => {
    const onFrame = (_now, meta) => {
      const scale = v.videoWidth / 1280;
      g.drawImage(v, 0, 0, 900 * scale, 28 * scale, 0, 0, 900, 28);
      const px = g.getImageData(0, 0, 900, 28).data;
      let stamp = 0;
      for (let bit = 0; bit < 44; bit++) {
        const o = (14 * 900 + 4 + bit * 20 + 10) * 4;
        if (px[o] > 127) stamp += 2 ** bit;
      }
      out.push(performance.timeOrigin + meta.expectedDisplayTime - stamp);
      if (Date.now() < until) v.requestVideoFrameCallback(onFrame); else done();
    };
    v.requestVideoFrameCallback(onFrame);
  });
  return out;
})`;

/**
 * Host canvas → server: the HTTP-FLV relay read by an ffmpeg here (no player), each decoded
 * frame's time code against the wall clock when ffmpeg hands it over. Separates the
 * host page + upload + remux from the players' buffering.
 */
async function relayLatency(url: string, label: string) {
  const ff = spawn('/usr/bin/ffmpeg', [
    ...['-v', 'error', '-fflags', 'nobuffer', '-flags', 'low_delay', '-i', url],
    ...['-vf', 'crop=900:28:0:0,format=gray', '-f', 'rawvideo', 'pipe:1'],
  ]);
  const frame = 900 * 28;
  let buf = Buffer.alloc(0);
  const samples: number[] = [];
  const start = Date.now();
  ff.stdout.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (; buf.length >= frame; buf = buf.subarray(frame)) {
      let stamp = 0;
      for (let bit = 0; bit < 44; bit++)
        if ((buf[14 * 900 + 4 + bit * 20 + 10] as number) > 127) stamp += 2 ** bit;
      // The first seconds are the GOP the relay replays on connect: skip them.
      if (Date.now() - start > 3000) samples.push(Date.now() - stamp);
    }
  });
  await new Promise((r) => setTimeout(r, (SECONDS + 3) * 1000));
  ff.kill('SIGKILL');
  const ok = samples.filter((ms) => ms > 0 && ms < 60_000);
  return `| ${label} | ${ok.length} | ${(percentile(ok, 50) / 1000).toFixed(2)} | ${(percentile(ok, 90) / 1000).toFixed(2)} | ${(Math.min(...ok) / 1000).toFixed(2)} |`;
}

async function latency(page: Page, selector: string, label: string) {
  await new Promise((r) => setTimeout(r, 6000));
  const samples = (
    (await page.evaluate(`${collect}(${JSON.stringify({ selector, seconds: SECONDS })})`)) as number[]
  ).filter((ms) => ms > 0 && ms < 60_000);
  return `| ${label} | ${samples.length} | ${(percentile(samples, 50) / 1000).toFixed(2)} | ${(percentile(samples, 90) / 1000).toFixed(2)} | ${(Math.min(...samples) / 1000).toFixed(2)} |`;
}

const server = await startServer();
const serverPid = server.proc.pid as number;
let speakers: string[] = [];
const { cookie, api } = await signInHost(server, async (db) => {
  speakers = [
    await insertSpeaker(db, server.eventId, 'Grace'),
    await insertSpeaker(db, server.eventId, 'Linus'),
  ];
});
await api('PUT', '/studio/ingest-source', { source: 'studio' });
const links: { id: string; link: string }[] = [];
for (const speaker_id of speakers)
  links.push((await api('POST', '/studio/guests', { speaker_id })).guest as { id: string; link: string });

const browsers: Browser[] = [];
const rows: string[] = [];
const cpuRows: string[] = [];
try {
  // Let the server finish starting (module loading, first queries) before the idle baseline.
  await new Promise((r) => setTimeout(r, 10_000));
  const idleServer = await cpuPercent(() => tree(serverPid), 10);
  const before = new Set(childrenOf(process.pid));
  const hostBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  const hostPid = childrenOf(process.pid).find((p) => !before.has(p)) as number;
  const guestBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  browsers.push(hostBrowser, guestBrowser);
  const hostContext = await hostContextWithCookie(hostBrowser);
  // The host page's MediaRecorder chunks (wall clock, BlobEvent.timecode, size) and the ingest
  // socket's bufferedAmount at each send: is the encoder slower than real time, or the upload?
  await hostContext.addInitScript(`(() => {
    window.__chunks = [];
    const desc = Object.getOwnPropertyDescriptor(MediaRecorder.prototype, 'ondataavailable');
    Object.defineProperty(MediaRecorder.prototype, 'ondataavailable', {
      set(fn) { desc.set.call(this, (e) => { window.__chunks.push([Date.now(), e.timecode, e.data.size, 0]); fn(e); }); },
      get() { return desc.get.call(this); },
    });
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (d) {
      const last = window.__chunks.at(-1);
      if (typeof d !== 'string' && last) last[3] = this.bufferedAmount;
      return send.call(this, d);
    };
  })()`);
  const host = await hostContext.newPage();
  await host.goto(`${server.base}/studio/${server.eventId}/browser?timecode=1`);
  const guests: Page[] = [];
  for (const g of links) {
    const page = await (await guestBrowser.newContext()).newPage();
    await page.goto(g.link);
    await page.getByRole('button', { name: 'Join the green room' }).click({ timeout: 60_000 });
    guests.push(page);
  }
  const studio = () =>
    host.evaluate<{ links: number; frames: number }>(
      `({ links: window.leadcastStudio.links(), frames: window.leadcastStudio.frames() })`,
    );
  await waitFor('guests connected', async () => (await studio()).links === 2, 60_000);
  for (const g of links)
    await host
      .locator(`li[data-participant="${g.id}"]`)
      .getByRole('button', { name: 'Bring on stage' })
      .click();
  await host.getByLabel('Guest grid').check();
  const composing = await cpuPercent(() => tree(hostPid));
  cpuRows.push(
    `| host browser: composing 720p30, 2 guests on stage, not sending | ${composing.toFixed(0)} % |`,
  );

  // Host → guest: the stage a guest sees, and the ICE round trip.
  rows.push(
    await latency(guests[0] as Page, '#bg-programme', 'host canvas → guest (WebRTC, 640×360 15 fps return)'),
  );
  const rtt = (await host.evaluate(`(async () => {
    const out = [];
    for (const pc of window.leadcastStudio.peers()) {
      const stats = await pc.getStats();
      stats.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) out.push(s.currentRoundTripTime * 1000); });
    }
    return out;
  })()`)) as number[];

  await host.getByRole('button', { name: 'Start the studio (rehearsal)' }).click();
  await waitFor(
    'backstage',
    async () => ((await api('GET', '/live')) as { state: string }).state === 'backstage',
    60_000,
  );
  await api('POST', '/live/go-live');
  const sending = await cpuPercent(() => tree(hostPid));
  cpuRows.push(`| host browser: composing + MediaRecorder H.264 720p30 sending | ${sending.toFixed(0)} % |`);
  const busyServer = await cpuPercent(() => tree(serverPid));
  cpuRows.push(`| server idle (baseline, same run) | ${idleServer.toFixed(1)} % |`);
  cpuRows.push(
    `| server with one studio stream (LeadCast + remuxer + packager) | ${busyServer.toFixed(1)} % |`,
  );
  cpuRows.push(
    `| **server per studio stream** (minus idle) | **${(busyServer - idleServer).toFixed(1)} %** |`,
  );

  rows.push(
    await relayLatency(
      `${server.base}/media/${server.mediaPath}/live.flv`,
      'host canvas → server (HTTP-FLV relay decoded by ffmpeg, no player)',
    ),
  );

  const chunks = (await host.evaluate('window.__chunks')) as number[][];
  const first = chunks[1] ?? [0, 0];
  const last = chunks.at(-1) ?? [0, 0];
  const wall = ((last[0] as number) - (first[0] as number)) / 1000;
  const media = ((last[1] as number) - (first[1] as number)) / 1000;
  const recorder = `${chunks.length} chunks; ${media.toFixed(1)} s of media (BlobEvent.timecode) in ${wall.toFixed(1)} s of wall clock; max bufferedAmount ${Math.max(...chunks.map((c) => c[3] as number))} B; ${((chunks.reduce((n, c) => n + (c[2] as number), 0) * 8) / wall / 1000).toFixed(0)} kbit/s`;

  const viewerBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  browsers.push(viewerBrowser);
  for (const [query, label] of [
    ['', 'host canvas → viewer, HLS (hls.js, 1 s segments)'],
    ['?latency=low', 'host canvas → viewer, HTTP-FLV (mpegts.js)'],
  ] as const) {
    const viewer = await viewerBrowser.newPage();
    await viewer.goto(`${server.base}/j/${server.joinToken}${query}`);
    await waitFor(
      `${label} playing`,
      () =>
        viewer.evaluate<boolean>(
          `(() => { const v = document.querySelector('video'); return v.videoWidth > 0 && v.currentTime > 1; })()`,
        ),
      60_000,
    );
    rows.push(await latency(viewer, '#lc-video', label));
    await viewer.close();
  }
  console.log(
    `Studio figures, ${SECONDS} s per sample, ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('| path | frames | p50 (s) | p90 (s) | min (s) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(
    `\nWebRTC candidate-pair round trip (loopback), host ↔ guests: ${rtt.map((x) => `${x.toFixed(1)} ms`).join(', ') || 'n/a'}`,
  );
  console.log(`\nHost MediaRecorder: ${recorder}`);
  console.log('\n| CPU (% of one core, user + system of the process tree) | value |');
  console.log('|---|---|');
  for (const r of cpuRows) console.log(r);
} finally {
  for (const b of browsers) await b.close().catch(() => {});
  await server.stop();
  fs.rmSync(clipDir, { recursive: true, force: true });
}

async function hostContextWithCookie(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.base }]);
  return context;
}
