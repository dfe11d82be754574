import os from 'node:os';
import path from 'node:path';
import { childrenOf, cpuSeconds, makeClip, pushClip, startServer, waitFor } from './support.js';

/**
 * CPU per live stream in copy mode: LeadCast's process (RTMP ingest, FLV framing,
 * health metering) plus its ffmpeg packagers, while 1 and then 3 encoders publish
 * a 720p30 3 Mbit/s stream. Baseline: the same server idle over the same interval.
 * The encoders' own CPU is not counted (that is OBS's machine in real life).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const clip = path.join(os.tmpdir(), 'leadcast-bench-720p.flv');
await makeClip(clip);
const server = await startServer(3);
const pid = server.proc.pid as number;

const sample = async () => {
  const pids = [pid, ...childrenOf(pid)];
  const before = pids.map((p) => cpuSeconds(p));
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const after = pids.map((p) => {
    try {
      return cpuSeconds(p);
    } catch {
      return Number.NaN;
    }
  });
  const used = after.reduce((sum, a, i) => sum + (Number.isNaN(a) ? 0 : a - (before[i] ?? 0)), 0);
  return { percentOfCore: (used / SECONDS) * 100, packagers: pids.length - 1 };
};

const rows: string[] = [];
const encoders: ReturnType<typeof pushClip>[] = [];
try {
  const idle = await sample();
  rows.push(`| idle server (baseline) | 0 | ${idle.packagers} | ${idle.percentOfCore.toFixed(1)} % | — |`);
  for (const n of [1, 3]) {
    while (encoders.length < n) {
      const s = server.streams[encoders.length];
      if (!s) throw new Error('not enough events');
      encoders.push(pushClip(clip, `${server.rtmp}/${s.streamKey}`));
    }
    await waitFor('packagers', () => childrenOf(pid).length === n, 20_000);
    await new Promise((r) => setTimeout(r, 5000)); // past ffmpeg's start-up probing
    const busy = await sample();
    const perStream = (busy.percentOfCore - idle.percentOfCore) / n;
    rows.push(
      `| ${n} live stream(s), copy mode | ${n} | ${busy.packagers} | ${busy.percentOfCore.toFixed(1)} % | ${perStream.toFixed(1)} % |`,
    );
  }
} finally {
  for (const e of encoders) e.kill('SIGKILL');
  await server.stop();
}
console.log(
  `CPU over ${SECONDS} s per sample (user+system of LeadCast and its ffmpeg children, % of one core), ${os.cpus()[0]?.model}`,
);
console.log('| load | encoders | packager processes | total CPU | per stream (minus idle) |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
