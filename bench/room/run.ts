// Room fan-out benchmark: for each server (the plain `ws` baseline, then LeadCast's
// room) and each audience size, start the server and the load generator as two
// processes on 127.0.0.1, ramp viewers up, run chat at 20 messages/s, and record
// delivery latency, server CPU and RSS per connection. Writes bench/room/RESULTS.md.
// Usage: node --import tsx bench/room/run.ts [viewers,...] [plain,leadcast] [LeadCast tick ms]
// (defaults: 1000,2500,5000,10000 · both · 100)
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadParams, LoadResult } from './load.js';
import type { ServerStats } from './stats.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const sizes = (process.argv[2] ?? '1000,2500,5000,10000').split(',').map(Number);
const kinds = (process.argv[3] ?? 'plain,leadcast').split(',') as ('plain' | 'leadcast')[];
const tickMs = process.argv[4] ?? '100';
const RATE = 20;
const CHAT_SECONDS = 15;
const RAMP_SECONDS = 60;

type Message = {
  ready?: { port: number; path: string };
  stats?: ServerStats;
  ramped?: Pick<LoadResult, 'opened' | 'failed' | 'rampMs'>;
  done?: LoadResult;
};

function next<K extends keyof Message>(
  child: ChildProcess,
  key: K,
  timeoutMs: number,
): Promise<NonNullable<Message[K]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${key}`)), timeoutMs);
    const on = (msg: Message) => {
      if (msg[key] === undefined) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(msg[key] as NonNullable<Message[K]>);
    };
    child.on('message', on);
  });
}

async function stats(server: ChildProcess): Promise<ServerStats> {
  const answer = next(server, 'stats', 10_000);
  server.send({ cmd: 'stats' });
  return answer;
}

// Extra Node flags for the servers only, e.g. ROOM_BENCH_SERVER_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
const serverFlags = (process.env.ROOM_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
const node = (script: string, args: string[], server: boolean) =>
  fork(path.join(here, script), args, {
    execArgv: ['--import', 'tsx', ...(server ? ['--expose-gc', ...serverFlags] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

async function run(kind: 'plain' | 'leadcast', viewers: number) {
  const server = node(kind === 'plain' ? 'baseline-server.ts' : 'leadcast-server.ts', ['0', tickMs], true);
  const serverExited = new Promise((r) => server.once('exit', r));
  try {
    const { port, path: socketPath } = await next(server, 'ready', 60_000);
    const before = await stats(server);
    const params: LoadParams = {
      url: `ws://127.0.0.1:${port}${socketPath}`,
      kind,
      viewers,
      rampSeconds: RAMP_SECONDS,
      chatSeconds: CHAT_SECONDS,
      messagesPerSecond: RATE,
      senders: 25,
    };
    const load = node('load.ts', [JSON.stringify(params)], false);
    const loadExited = new Promise((r) => load.once('exit', r));
    const ramped = await next(load, 'ramped', (RAMP_SECONDS + 40) * 1000);
    await new Promise((r) => setTimeout(r, 2000));
    const full = await stats(server);
    const t0 = Date.now();
    const done = next(load, 'done', (CHAT_SECONDS + 30) * 1000);
    load.send({ cmd: 'chat' });
    const result = await done;
    const after = await stats(server);
    const cpuPercent = Math.round(((after.cpuMicros - full.cpuMicros) / 1000 / (Date.now() - t0)) * 100);
    await loadExited;
    return {
      kind,
      viewers,
      ...ramped,
      ...result,
      serverCpuPercent: cpuPercent,
      loopDelayP99Ms: after.loopDelayP99Ms,
      loopDelayMaxMs: after.loopDelayMaxMs,
      loadAverage: os.loadavg()[0]?.toFixed(1),
      rssPerConnKB: Math.round((full.rss - before.rss) / Math.max(1, ramped.opened) / 102.4) / 10,
      rssMB: Math.round(full.rss / 1048576),
    };
  } finally {
    server.kill('SIGTERM');
    await serverExited;
  }
}

const rows: Awaited<ReturnType<typeof run>>[] = [];
for (const kind of kinds) {
  for (const viewers of sizes) {
    const row = await run(kind, viewers);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
}

const name = { plain: 'baseline: plain `ws` broadcast', leadcast: 'LeadCast room' };
const table = rows
  .map(
    (r) =>
      `| ${name[r.kind]} | ${r.viewers} | ${r.opened} | ${(r.rampMs / 1000).toFixed(1)} s | ${r.sent} | ${((r.received / Math.max(1, r.expected)) * 100).toFixed(1)}% | ${r.p50} | ${r.p99} | ${r.max} | ${r.serverCpuPercent}% | ${r.loopDelayP99Ms} / ${r.loopDelayMaxMs} ms | ${r.loadCpuPercent}% | ${r.loadAverage} | ${r.rssMB} MB | ${r.rssPerConnKB} KB |`,
  )
  .join('\n');
const md = `# Room fan-out benchmark

Run: \`node --import tsx bench/room/run.ts\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version},
${os.cpus().length} cores: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB).

Each row: one server process and one load-generator process on 127.0.0.1 (the two share
the machine's ${os.cpus().length} cores). The load generator (bench/room/load.ts) speaks WebSocket itself on plain
TCP sockets, so that it measures the server rather than its own event loop: every socket
reads every byte and walks the frame headers (answering pings), only the sampled sockets
look inside frames, and what it sends is masked like a browser's. It opens the viewers (100
handshakes in flight, ${RAMP_SECONDS} s cap), then 25 of them post chat at ${RATE} messages/s for ${CHAT_SECONDS} s; every
10th socket measures delivery latency (send time written in the chat body → receive time,
same clock). LeadCast viewers count as joined on \`welcome\`; they are anonymous viewers
of an open event (each join writes an attendance row to SQLite) and send a heartbeat every
15 s; chat goes through validation, rate limits, the filters and a SQLite write before
fan-out: each of a room's 10 socket groups gets at most one frame per ${tickMs} ms tick, and
the groups are written one at a time. The baseline forwards every frame to every socket
immediately and does nothing else.

| server | viewers | connected | ramp | messages | delivered | p50 ms | p99 ms | max ms | server CPU | server loop stall p99 / max | load-gen CPU | machine load (1 min) | server RSS | RSS / conn |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${table}

CPU is percent of one core over the chat window. "Server loop stall" is the server's
event-loop delay during the chat window (perf_hooks.monitorEventLoopDelay): how late its
timers ran, whether because it was busy or because it was waiting for a core. "Machine
load" is the 1-minute load average at the end of the row: other work on the machine (tests,
builds, ffmpeg of other sessions) competes for the same two cores. "Delivered" counts messages that reached the sampled
sockets before the window closed (3 s after the last send). RSS / connection = (RSS with
all viewers connected − RSS before any) / viewers, both after a full GC.
`;
fs.writeFileSync(path.join(here, 'RESULTS.md'), md);
console.log(md);
