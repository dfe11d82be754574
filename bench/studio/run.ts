import os from 'node:os';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createServices } from '../../src/services.js';
import { insertSpeaker } from '../../test/studio/fixtures.js';
import { CHROMIUM_PATH } from '../../test/support/browser.js';
import { childrenOf, cpuSeconds, percentile, startServer, waitFor } from '../live/support.js';

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
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-timer-throttling',
];

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

async function latency(page: Page, selector: string, label: string) {
  await new Promise((r) => setTimeout(r, 6000));
  const samples = (
    (await page.evaluate(`${collect}(${JSON.stringify({ selector, seconds: SECONDS })})`)) as number[]
  ).filter((ms) => ms > 0 && ms < 60_000);
  return `| ${label} | ${samples.length} | ${(percentile(samples, 50) / 1000).toFixed(2)} | ${(percentile(samples, 90) / 1000).toFixed(2)} | ${(Math.min(...samples) / 1000).toFixed(2)} |`;
}

const server = await startServer();
const serverPid = server.proc.pid as number;
const config = loadConfig({ DATA_DIR: server.dataDir });
const db = openDatabase(config.database);
const services = createServices({ config, db, clock: { now: () => new Date() } });
const setupToken = await services.accounts.issueSetupToken();
const speakers = [
  await insertSpeaker(db.kysely, server.eventId, 'Grace'),
  await insertSpeaker(db.kysely, server.eventId, 'Linus'),
];
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
const api = (method: string, path: string, body?: unknown) =>
  fetch(`${server.base}/api/v1/events/${server.eventId}${path}`, {
    method,
    headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).then((r) => r.json() as Promise<Record<string, unknown>>);
await api('PUT', '/studio/ingest-source', { source: 'studio' });
const links: { id: string; link: string }[] = [];
for (const speaker_id of speakers)
  links.push((await api('POST', '/studio/guests', { speaker_id })).guest as { id: string; link: string });

const browsers: Browser[] = [];
const rows: string[] = [];
const cpuRows: string[] = [];
try {
  const idleServer = await cpuPercent(() => tree(serverPid), 10);
  const before = new Set(childrenOf(process.pid));
  const hostBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  const hostPid = childrenOf(process.pid).find((p) => !before.has(p)) as number;
  const guestBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  browsers.push(hostBrowser, guestBrowser);
  const hostContext = await hostContextWithCookie(hostBrowser);
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
    `Studio figures, ${SECONDS} s per sample, ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  console.log('| path | frames | p50 (s) | p90 (s) | min (s) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(
    `\nWebRTC candidate-pair round trip (loopback), host ↔ guests: ${rtt.map((x) => `${x.toFixed(1)} ms`).join(', ') || 'n/a'}`,
  );
  console.log('\n| CPU (% of one core, user + system of the process tree) | value |');
  console.log('|---|---|');
  for (const r of cpuRows) console.log(r);
} finally {
  for (const b of browsers) await b.close().catch(() => {});
  await server.stop();
}

async function hostContextWithCookie(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.base }]);
  return context;
}
