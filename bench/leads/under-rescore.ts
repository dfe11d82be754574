// What a full lead re-score costs the rest of the product while it runs: registrations/s and
// p99 through HTTP, and the room's chat delivery latency, in windows with no re-score and in
// windows inside one, alternated in the same run (this machine's speed drifts), on SQLite and
// on PostgreSQL.
//
// The data set is the one bench/leads/run.ts scores (CONTACTS contacts, FACTS interactions,
// bench/leads/seed.ts), plus one open live event for the room. The server is the production
// build run as `npm start` runs it (its job thread included), in a child process. A re-score
// is started as a user starts one: PUT /api/v1/leads/rules (the same rules again: a new
// version, everyone re-scored by the job thread); its progress is polled through
// GET /api/v1/leads/rescores/:id, and a window counts as "during" only if the re-score had
// scored its first chunk before the window began and was still running when the window's
// last request or chat message was sent.
//
// Each round: registrations idle → registrations during a re-score → room idle → room during
// a re-score. Registrations: autocannon here, a new email each request (as bench/foundation).
// Room: bench/room/load.ts in its own process, VIEWERS anonymous viewers kept connected for the
// whole run, 25 of them posting 20 messages/s in each chat window (as bench/room).
//
//   flock /work/bench.lock node --import tsx bench/leads/under-rescore.ts [sqlite,postgres]
// Env: CONTACTS (100000), FACTS (2000000), ROUNDS (3), VIEWERS (1000), REG_WINDOW (4 s),
// CHAT_WINDOW (6 s), BENCH_CONNECTIONS (16).
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../../test/support/browser.js';
import { insertEvent } from '../../test/support/rows.js';
import type { LoadParams, LoadResult } from '../room/load.js';
import { cpuSeconds, median } from '../support.js';
import { benchDatabase, type Dialect, openBenchDatabase, seedLeads } from './seed.js';

const CONTACTS = Number(process.env.CONTACTS ?? 100_000);
const FACTS = Number(process.env.FACTS ?? 2_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const VIEWERS = Number(process.env.VIEWERS ?? 1000);
const REG_WINDOW_S = Number(process.env.REG_WINDOW ?? 4);
const CHAT_WINDOW_S = Number(process.env.CHAT_WINDOW ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const NODE_FLAGS = (
  JSON.parse(fs.readFileSync('package.json', 'utf8')) as { config: { node_flags: string } }
).config.node_flags
  .split(' ')
  .filter(Boolean);
const here = path.dirname(new URL(import.meta.url).pathname);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load1 = () => os.loadavg()[0]!;

interface Rescore {
  id: string;
  status: string;
  total: number;
  done: number;
  started_at: string;
  finished_at: string | null;
}

/** One measured window. */
interface Window {
  kind: 'registrations' | 'room';
  during: boolean;
  round: number;
  /** Registrations: req/s. Room: messages delivered to the sampled sockets / expected. */
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU (every thread), % of one core. */
  cpuPercent: number;
  load: number;
  /** During windows: the re-score's progress at the window's start and end. */
  progress?: string;
  /** Registrations: confirmation emails not yet written when the window ended. */
  mailBacklog?: number;
  delivered?: number;
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, 'dist/src/main.js'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/setup\/([A-Za-z0-9_-]{43})/.test(out)) resolve({ child, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function next<T>(child: ChildProcess, key: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${key}`)), timeoutMs);
    const on = (msg: Record<string, unknown>) => {
      if (msg[key] === undefined) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(msg[key] as T);
    };
    child.on('message', on);
  });
}

async function measure(dialect: Dialect): Promise<{ windows: Window[]; rescores: Rescore[]; seedS: number }> {
  const bench = await benchDatabase(dialect);
  const seeding = await openBenchDatabase(bench);
  const seeded = await seedLeads(seeding.kysely, dialect, CONTACTS, FACTS);
  const room = await insertEvent(seeding.kysely, { slug: 'room-bench', status: 'live', access: 'open' });
  await seeding.close();
  console.log(`${dialect}: seeded ${CONTACTS} contacts, ${FACTS} facts in ${seeded.seconds.toFixed(0)} s`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer({
    ...bench.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: base,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    // One load generator stands in for thousands of visitors: lift the per-IP limits.
    REGISTRATION_RATE_LIMIT_PER_MINUTE: '100000000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
    ROOM_CONNECTS_PER_MINUTE: '10000000',
    ROOM_TICK_MS: '100',
  });
  const pid = server.child.pid!;
  let loadGen: ChildProcess | undefined;
  try {
    let cookie: string | undefined;
    let csrf: string | undefined;
    const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
      const res = await fetch(base + url, {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(cookie ? { cookie } : {}),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      cookie ??= res.headers.get('set-cookie')?.split(';')[0];
      return (await res.json()) as T;
    };
    const token = /setup\/([A-Za-z0-9_-]{43})/.exec(server.output())![1];
    csrf = (
      await api<{ csrf_token: string }>('POST', '/api/v1/setup', {
        token,
        email: 'bench@example.com',
        name: 'Bench',
        password: 'bench password 1',
      })
    ).csrf_token;
    const { event } = await api<{ event: { id: string; slug: string } }>('POST', '/api/v1/events', {
      title: 'Bench event',
      timezone: 'Asia/Shanghai',
      starts_at: '2030-12-10T14:00',
      ends_at: '2030-12-10T15:00',
      summary: 'Benchmark',
    });
    await api('POST', `/api/v1/events/${event.id}/speakers`, { name: 'Speaker', tier: 'executive' });
    await api('POST', `/api/v1/events/${event.id}/status`, { to: 'scheduled' });
    const count = async (url: string) => (await api<{ total: number }>('GET', url)).total;
    const mailBacklog = async () =>
      (await count(`/api/v1/events/${event.id}/registrations?page_size=1`)) -
      (await count('/api/v1/mail?page_size=1'));
    const { rules } = await api<{ rules: unknown }>('GET', '/api/v1/leads/rules');
    const rescores: Rescore[] = [];
    const rescoreNow = async (id: string) =>
      (await api<{ rescore: Rescore }>('GET', `/api/v1/leads/rescores/${id}`)).rescore;
    /** Saves the rules again (a new version): the job thread re-scores everyone. */
    const startRescore = async () => {
      const saved = await api<{ rescore: Rescore }>('PUT', '/api/v1/leads/rules', rules);
      const id = saved.rescore.id;
      for (let r = await rescoreNow(id); ; r = await rescoreNow(id)) {
        if (r.status !== 'running') throw new Error(`re-score ended before a window began: ${r.status}`);
        if (r.done > 0) return r;
        await sleep(100);
      }
    };
    const finishRescore = async (id: string) => {
      for (;;) {
        const r = await rescoreNow(id);
        if (r.status !== 'running') {
          rescores.push(r);
          const seconds = (Date.parse(r.finished_at!) - Date.parse(r.started_at)) / 1000;
          console.log(JSON.stringify({ dialect, rescore: r.status, contacts: r.total, seconds }));
          return r;
        }
        await sleep(250);
      }
    };
    const drainMail = async () => {
      const t = Date.now();
      while ((await mailBacklog()) > 0 && Date.now() - t < 120_000) await sleep(250);
    };

    let n = 0;
    const registrations = (seconds: number) =>
      autocannon({
        url: base,
        duration: seconds,
        connections: CONNECTIONS,
        requests: [
          {
            method: 'POST',
            path: `/api/v1/public/events/${event.slug}/registrations`,
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                name: '测试 用户',
                email: `r${n++}@bench.example`,
                phone: '+86 138 0013 8000',
                company: 'Bench Co',
                consent: true,
              }),
            }),
          },
        ],
      });

    // The room's viewers stay connected for the whole run.
    loadGen = fork(
      path.join(here, '../room/load.ts'),
      [
        JSON.stringify({
          url: `ws://127.0.0.1:${port}/api/v1/events/${room.id}/room/socket`,
          kind: 'leadcast',
          viewers: VIEWERS,
          rampSeconds: 60,
          chatSeconds: CHAT_WINDOW_S,
          messagesPerSecond: 20,
          senders: 25,
          keepOpen: true,
        } satisfies LoadParams),
      ],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const ramped = await next<{ opened: number; failed: number }>(loadGen, 'ramped', 120_000);
    console.log(`${dialect}: ${ramped.opened} viewers connected (${ramped.failed} failed)`);
    const chat = (seconds: number) => {
      const done = next<Omit<LoadResult, 'opened' | 'failed' | 'rampMs'>>(
        loadGen!,
        'done',
        (seconds + 60) * 1000,
      );
      loadGen!.send({ cmd: 'chat', seconds });
      return done;
    };

    // Warm-ups (not counted), and the first re-score, which also creates every lead and
    // moves most of them to MQL: timed, with the server otherwise idle.
    await registrations(2);
    await chat(2);
    await drainMail();
    const first = await api<{ rescore: Rescore }>('PUT', '/api/v1/leads/rules', rules);
    const firstRun = await finishRescore(first.rescore.id);
    console.log(`${dialect}: first re-score ${JSON.stringify(firstRun)}`);

    const windows: Window[] = [];
    const progressOf = (r: Rescore) => `${r.done}/${r.total}`;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const kind of ['registrations', 'room'] as const) {
        for (const during of [false, true]) {
          await drainMail();
          const rescore = during ? await startRescore() : undefined;
          const cpu0 = cpuSeconds(pid);
          const t0 = performance.now();
          // When the last request or chat message of the window is sent (wall clock, as the server's finished_at).
          const sendEnd = Date.now() + (kind === 'registrations' ? REG_WINDOW_S : CHAT_WINDOW_S) * 1000;
          let w: Window;
          if (kind === 'registrations') {
            const r = await registrations(REG_WINDOW_S);
            const seconds = (performance.now() - t0) / 1000;
            w = {
              kind,
              during,
              round,
              rps: r.requests.average,
              p50: r.latency.p50,
              p99: r.latency.p99,
              errors: r.errors + r.non2xx,
              cpuPercent: ((cpuSeconds(pid) - cpu0) / seconds) * 100,
              load: load1(),
            };
          } else {
            const r = await chat(CHAT_WINDOW_S);
            const seconds = (performance.now() - t0) / 1000;
            w = {
              kind,
              during,
              round,
              rps: r.received / Math.max(1, r.expected),
              delivered: r.received,
              p50: r.p50,
              p99: r.p99,
              errors: r.dropped,
              cpuPercent: ((cpuSeconds(pid) - cpu0) / seconds) * 100,
              load: load1(),
            };
          }
          if (kind === 'registrations') w.mailBacklog = await mailBacklog();
          if (rescore) {
            const end = await rescoreNow(rescore.id);
            w.progress = `${progressOf(rescore)} → ${end.status === 'running' ? progressOf(end) : end.status}`;
            // A window counts as "during" if the re-score was still running when its last
            // request or chat message was sent (chat windows then wait 3 s for deliveries).
            if (end.status !== 'running') {
              const margin = (Date.parse(end.finished_at!) - sendEnd) / 1000;
              w.progress += ` ${margin.toFixed(1)} s after the last send`;
              if (margin < 0) w.progress += ' (NOT inside: discarded)';
            }
            await finishRescore(rescore.id);
          }
          windows.push(w);
          console.log(JSON.stringify({ dialect, ...w }));
        }
      }
    }
    loadGen.send({ cmd: 'close' });
    return { windows, rescores, seedS: seeded.seconds };
  } finally {
    if (loadGen && loadGen.exitCode === null) loadGen.kill('SIGTERM');
    await stop(server.child);
    await bench.remove();
  }
}

const dialects = (process.argv[2] ?? 'sqlite,postgres').split(',') as Dialect[];
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const startLoad = os.loadavg().map((l) => l.toFixed(2));
const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
for (const dialect of dialects) results[dialect] = await measure(dialect);

const fmt = (v: number, d = 0) => v.toFixed(d);
const lines: string[] = [
  `Measured ${new Date().toISOString()}, ${os.cpus().length} cores, Node ${process.version}; load average at start ${startLoad.join(' / ')}, at end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}.`,
  '',
  '| dialect | measurement | idle windows | during re-score windows | idle (median) | during (median) | during / idle (median of paired rounds, range) | idle p99 (worst) | during p99 (worst) | server CPU idle → during |',
  '|---|---|---|---|---:|---:|---:|---:|---:|---:|',
];
const detail: string[] = [
  '| dialect | round | measurement | re-score | req/s or delivered | p50 ms | p99 ms | errors / drops | server CPU | mail backlog | load (1 min) | re-score progress |',
  '|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
];
for (const [dialect, r] of Object.entries(results)) {
  for (const kind of ['registrations', 'room'] as const) {
    const of = (during: boolean) =>
      r.windows.filter((w) => w.kind === kind && w.during === during && !w.progress?.includes('NOT inside'));
    const idle = of(false);
    const busy = of(true);
    const show = (ws: Window[]) =>
      ws.map((w) => (kind === 'registrations' ? fmt(w.rps) : `${w.p50}/${w.p99}`)).join(' · ');
    const cpu = `${fmt(median(idle.map((w) => w.cpuPercent)))} % → ${fmt(median(busy.map((w) => w.cpuPercent)))} %`;
    // Each "during" window against the idle window of the same round, just before it.
    const paired = (f: (w: Window) => number) => {
      const ratios = busy.flatMap((b) => {
        const i = idle.find((w) => w.round === b.round);
        return i ? [(100 * f(b)) / f(i)] : [];
      });
      return `${fmt(median(ratios))} % (${fmt(Math.min(...ratios))}–${fmt(Math.max(...ratios))} %)`;
    };
    if (kind === 'registrations') {
      lines.push(
        `| ${dialect} | registrations/s | ${show(idle)} | ${show(busy)} | ${fmt(median(idle.map((w) => w.rps)))} | ${fmt(median(busy.map((w) => w.rps)))} | **${paired((w) => w.rps)}** | ${Math.max(...idle.map((w) => w.p99))} ms | ${Math.max(...busy.map((w) => w.p99))} ms | ${cpu} |`,
      );
    } else {
      const p = (ws: Window[], f: (w: Window) => number) => median(ws.map(f));
      lines.push(
        `| ${dialect} | room chat delivery p50/p99 ms | ${show(idle)} | ${show(busy)} | ${p(idle, (w) => w.p50)}/${p(idle, (w) => w.p99)} | ${p(busy, (w) => w.p50)}/${p(busy, (w) => w.p99)} | p50 **${paired((w) => w.p50)}**, p99 **${paired((w) => w.p99)}** | ${Math.max(...idle.map((w) => w.p99))} ms | ${Math.max(...busy.map((w) => w.p99))} ms | ${cpu} |`,
      );
    }
  }
  for (const w of r.windows)
    detail.push(
      `| ${dialect} | ${w.round} | ${w.kind} | ${w.during ? 'running' : '—'} | ${w.kind === 'registrations' ? fmt(w.rps) : `${w.delivered} (${fmt(100 * w.rps, 1)} %)`} | ${w.p50} | ${w.p99} | ${w.errors} | ${fmt(w.cpuPercent)} % | ${w.mailBacklog ?? ''} | ${fmt(w.load, 2)} | ${w.progress ?? ''} |`,
    );
}
const rescoreLines = [
  '| dialect | re-score | contacts | seconds (started → finished) |',
  '|---|---|---:|---:|',
  ...Object.entries(results).flatMap(([dialect, r]) =>
    r.rescores.map(
      (s, i) =>
        `| ${dialect} | ${i === 0 ? 'first (creates the leads, MQL moves), server idle' : `round re-score ${i}`} | ${s.total} | ${fmt((Date.parse(s.finished_at!) - Date.parse(s.started_at)) / 1000, 1)} |`,
    ),
  ),
];
console.log(
  [
    ...lines,
    '',
    ...detail,
    '',
    ...rescoreLines,
    '',
    ...Object.entries(results).map(([d, r]) => `${d}: seeded in ${fmt(r.seedS)} s`),
  ].join('\n'),
);
