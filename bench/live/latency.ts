import { spawn } from 'node:child_process';
import { testPattern } from '../../test/live/fixtures.js';
import { launchBrowser } from '../../test/support/browser.js';
import { percentile, type Server, setEventLive, startServer, waitFor } from './support.js';

/**
 * Glass-to-glass latency. The encoder stamps every frame with the wall clock (ms,
 * 24 bits as black/white boxes, drawn before encoding); headless Chromium reads the
 * boxes of each presented frame (requestVideoFrameCallback + canvas) and subtracts
 * the stamp from the presentation time. Same machine, same clock.
 */
const BITS = 24;
const BOX = 20;
const SAMPLE_SECONDS = Number(process.env.BENCH_SECONDS ?? 30);

function stampFilter(): string {
  const boxes = Array.from(
    { length: BITS },
    (_, i) =>
      `drawbox=x=${i * BOX}:y=0:w=${BOX}:h=${BOX}:color=white:t=fill:enable='eq(mod(floor(t*1000/${2 ** i}),2),1)'`,
  );
  // pts := wall clock for the boxes, then back to a regular 30 fps timeline for the encoder.
  return [
    'setpts=RTCTIME/(1000000*TB)',
    `drawbox=x=0:y=0:w=${BITS * BOX}:h=${BOX}:color=black:t=fill`,
    ...boxes,
    'setpts=N/(30*TB)',
  ].join(',');
}

function startStampedEncoder(url: string) {
  return spawn(
    'ffmpeg',
    [
      ...testPattern({ realtime: true }),
      '-vf',
      stampFilter(),
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-tune',
      'zerolatency',
      '-g',
      '30',
      '-b:v',
      '2500k',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-f',
      'flv',
      url,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** Runs in the page: collects (presentation time − stamp) for every frame for `seconds`. */
const collect = `(async ({ bits, box, seconds }) => {
  const v = document.querySelector('video');
  const c = document.createElement('canvas');
  c.width = bits * box; c.height = box;
  const g = c.getContext('2d', { willReadFrequently: true });
  const out = [];
  const until = Date.now() + seconds * 1000;
  await new Promise((done) => {
    const onFrame = (_now, meta) => {
      g.drawImage(v, 0, 0, bits * box, box, 0, 0, bits * box, box);
      const px = g.getImageData(0, 0, bits * box, box).data;
      let stamp = 0;
      for (let i = 0; i < bits; i++) {
        const o = ((box >> 1) * bits * box + i * box + (box >> 1)) * 4;
        if (px[o] > 128) stamp += 2 ** i;
      }
      const shown = performance.timeOrigin + meta.expectedDisplayTime;
      const mod = 2 ** bits;
      const now = Math.floor(shown) % mod;
      out.push(((now - stamp) % mod + mod) % mod);
      if (Date.now() < until) v.requestVideoFrameCallback(onFrame); else done();
    };
    v.requestVideoFrameCallback(onFrame);
  });
  return out;
})`;

async function measure(server: Server, query: string, label: string) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.base}/j/${server.joinToken}${query}`);
    await waitFor(
      `${label} playback`,
      () =>
        page.evaluate<boolean>(
          `(() => { const v = document.querySelector('video'); return v.videoWidth > 0 && v.currentTime > 1; })()`,
        ),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 8000)); // let the player settle at its target distance from the edge
    const samples = (await page.evaluate(
      `${collect}(${JSON.stringify({ bits: BITS, box: BOX, seconds: SAMPLE_SECONDS })})`,
    )) as number[];
    const mode = await page.getAttribute('#lc-stage', 'data-mode');
    const plausible = samples.filter((ms) => ms < 60_000);
    if (process.env.BENCH_DEBUG) console.log(label, plausible.join(' '));
    return {
      label,
      mode,
      frames: plausible.length,
      p50: percentile(plausible, 50),
      p90: percentile(plausible, 90),
      min: Math.min(...plausible),
    };
  } finally {
    await browser.close();
  }
}

const server = await startServer();
const encoder = startStampedEncoder(`${server.rtmp}/${server.streamKey}`);
try {
  await waitFor(
    'live playlist',
    async () => (await fetch(`${server.base}/media/${server.mediaPath}/live/index.m3u8`)).ok,
    30_000,
  );
  await setEventLive(server, true);
  const results = [
    await measure(server, '', 'HLS (hls.js, 1 s segments)'),
    await measure(server, '?latency=low', 'HTTP-FLV (mpegts.js)'),
  ];
  console.log('| path | player mode | frames | p50 (s) | p90 (s) | min (s) |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.mode} | ${r.frames} | ${(r.p50 / 1000).toFixed(2)} | ${(r.p90 / 1000).toFixed(2)} | ${(r.min / 1000).toFixed(2)} |`,
    );
  }
} finally {
  encoder.kill('SIGKILL');
  await server.stop();
}
