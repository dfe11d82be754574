// Runs the benchmarks whose names are given (default: foundation), each in its own process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const names = process.argv.slice(2).length ? process.argv.slice(2) : ['foundation'];
for (const name of names) {
  const script = `bench/${name}/run.ts`;
  if (!fs.existsSync(script)) {
    console.error(`no benchmark at ${script}`);
    process.exit(1);
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
