// Builds what is out of date before `npm start`: the server (tsc → dist/) and the browser code
// (Vite → web/dist/), each only when its stamp says a source changed (see build-stamp.mjs).
// An unchanged checkout starts without building. `--force` builds both (`npm run build`).
// Usage: node scripts/build.mjs [--force]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PARTS, staleReason, stampFor, writeStamp } from './build-stamp.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const force = process.argv.includes('--force');

const commands = {
  server: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  // The Vite config writes the browser stamp itself, so any Vite build (tests, CI) counts.
  browser: ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts'],
};

function run(name) {
  const [script, ...args] = commands[name];
  if (!fs.existsSync(path.join(root, script))) {
    return Promise.reject(
      new Error(`cannot build the ${name}: ${script} is missing (run "npm install" with dev dependencies)`),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`building the ${name} failed (exit ${code})`)),
    );
  });
}

const stale = Object.entries(PARTS)
  .map(([name, part]) => [name, force ? 'forced' : staleReason(root, part)])
  .filter(([, reason]) => reason);
if (stale.length === 0) {
  console.log('Build is up to date (sources unchanged since the last build).');
  process.exit(0);
}
const started = Date.now();
console.log(`Building ${stale.map(([name, reason]) => `the ${name} (${reason})`).join(' and ')}…`);
try {
  // Two processes: the type-checker and the bundler each keep one core busy.
  await Promise.all(
    stale.map(async ([name]) => {
      const stamp = name === 'server' ? stampFor(root, PARTS.server) : undefined;
      await run(name);
      if (stamp) writeStamp(root, PARTS.server, stamp);
    }),
  );
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
