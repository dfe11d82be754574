// Time from the start command to a ready server (`GET /readyz` answers 200), on this checkout:
// the old `npm start` (tsc, then vite build, then the server, on every start) against the new
// one on an unchanged checkout (build stamps match: no build) and on a first start (no stamps:
// both builds, in parallel). Each start gets an empty data folder and free ports.
// Run: node --import tsx bench/start/run.ts   (builds three times: run it on a quiet machine)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PARTS } from '../../scripts/build-stamp.mjs';
import { freePort } from '../../test/support/browser.js';

async function timeToReady(command: string): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-start-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn('sh', ['-c', command], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RTMP_PORT: '0', DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`"${command}" exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
    // npm and sh exit before the server has closed its database: wait for the port to close.
    while (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => true,
        () => false,
      )
    )
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const old =
  'node node_modules/typescript/bin/tsc -p tsconfig.build.json && ' +
  'node node_modules/vite/bin/vite.js build --config web/vite.config.ts --logLevel error && ' +
  'node --no-allocation-site-pretenuring dist/src/main.js';
const rows: [string, number][] = [];
rows.push(['old `npm start` (builds every time)', await timeToReady(old)]);
for (const part of Object.values(PARTS)) fs.rmSync(part.stamp, { force: true });
rows.push(['`npm start`, first start (no stamps)', await timeToReady('npm start --silent')]);
rows.push(['`npm start`, unchanged checkout', await timeToReady('npm start --silent')]);
rows.push(['`npm start`, unchanged again', await timeToReady('npm start --silent')]);

console.log(`| start | seconds to ready |\n| --- | ---: |`);
for (const [name, ms] of rows) console.log(`| ${name} | ${(ms / 1000).toFixed(1)} |`);
console.log(
  `\nload average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
