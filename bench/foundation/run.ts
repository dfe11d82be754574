// Foundation benchmark: registrations/s and latency through HTTP on loopback, on SQLite
// and PostgreSQL, and landing-page requests/s, each against a bare Fastify "hello" route.
// Servers run in child processes; autocannon runs here, so the 2-core machine gives
// roughly one core to each side.
//
// This machine's speed drifts by up to 2× over minutes (other tenants), so the hello route
// is not measured once before and once after: every measurement alternates short windows
// of hello and of LeadCast (hello, LeadCast, hello, LeadCast, …) and each LeadCast window is
// compared with the hello window right before it. The figure is the median of those
// paired ratios; the range shows the spread.
//
//   node --import tsx bench/foundation/run.ts          (writes bench/foundation/RESULTS.md)
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort } from '../../test/support/browser.js';
import { PG_ADMIN_URL } from '../../test/support/harness.js';
import { cpuSeconds, median } from '../support.js';
import { sqliteFloor } from './sqlite-floor.js';

/** The Node flags `npm start` passes (package.json `config.node_flags`). */
const NODE_FLAGS = (
  JSON.parse(fs.readFileSync('package.json', 'utf8')) as { config: { node_flags: string } }
).config.node_flags
  .split(' ')
  .filter(Boolean);
const WINDOW_S = Number(process.env.BENCH_WINDOW ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

/** One window of load against one server. */
interface Window {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Server CPU (every thread) per request, µs. */
  cpuUs: number;
}

interface Server {
  child: ChildProcess;
  output: () => string;
}

function startProcess(args: string[], env: Record<string, string>, readyPattern: RegExp): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (readyPattern.test(out)) resolve({ child, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`process exited (${code}): ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function window(pid: number, opts: autocannon.Options, seconds = WINDOW_S): Promise<Window> {
  const cpuBefore = cpuSeconds(pid);
  const r = await autocannon({ duration: seconds, connections: CONNECTIONS, ...opts });
  const cpu = cpuSeconds(pid) - cpuBefore;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    cpuUs: (cpu * 1e6) / Math.max(1, r.requests.total),
  };
}

/** A LeadCast measurement: its windows and the hello window before each. */
interface Paired {
  name: string;
  target: Window[];
  hello: Window[];
}

let helloPid = 0;
const helloLoad = (port: number): autocannon.Options => ({ url: `http://127.0.0.1:${port}/hello` });

/** Alternates hello and `opts` windows ROUNDS times. */
async function paired(
  name: string,
  pid: number,
  opts: autocannon.Options,
  helloPort: number,
): Promise<Paired> {
  const result: Paired = { name, target: [], hello: [] };
  for (let i = 0; i < ROUNDS; i++) {
    result.hello.push(await window(helloPid, helloLoad(helloPort)));
    result.target.push(await window(pid, opts));
    console.log(
      `${name}: window ${i + 1}/${ROUNDS}: ${result.target[i]!.rps.toFixed(0)} req/s vs hello ${result.hello[i]!.rps.toFixed(0)}`,
    );
  }
  return result;
}

/** The fields of API answers the benchmark reads. */
interface ApiBody {
  csrf_token: string;
  event: { id: string; slug: string };
  total: number;
}

async function api(
  base: string,
  method: string,
  url: string,
  body?: unknown,
  cookie?: string,
  csrf?: string,
) {
  const res = await fetch(base + url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return {
    json: (await res.json()) as ApiBody,
    cookie: res.headers.get('set-cookie')?.split(';')[0],
  };
}

/** Per database: registrations stored and confirmation emails written, at the end of the load and after. */
const mail: Record<
  string,
  { stored: number; sent: number; mailAtEnd: number; mails: number; drainedS: number }
> = {};

async function measureLeadCast(dialect: 'sqlite' | 'postgres', helloPort: number): Promise<Paired[]> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-bench-'));
  const dbName = `lc_bench_${Date.now()}`;
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: base,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    // One load generator stands in for thousands of visitors: lift the per-IP limits.
    REGISTRATION_RATE_LIMIT_PER_MINUTE: '100000000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
  };
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  // The production build, run as `npm start` runs it (same Node flags).
  const { child, output } = await startProcess(
    [...NODE_FLAGS, 'dist/src/main.js'],
    env,
    /setup\/([A-Za-z0-9_-]{43})/,
  );
  const pid = child.pid!;
  try {
    const token = /setup\/([A-Za-z0-9_-]{43})/.exec(output())![1];
    const setup = await api(base, 'POST', '/api/v1/setup', {
      token,
      email: 'bench@example.com',
      name: 'Bench',
      password: 'bench password 1',
    });
    const csrf = setup.json.csrf_token as string;
    const event = await api(
      base,
      'POST',
      '/api/v1/events',
      {
        title: 'Bench event',
        timezone: 'Asia/Shanghai',
        starts_at: '2030-12-10T14:00',
        ends_at: '2030-12-10T15:00',
        summary: 'Benchmark',
      },
      setup.cookie,
      csrf,
    );
    const id = event.json.event.id as string;
    const slug = event.json.event.slug as string;
    await api(
      base,
      'POST',
      `/api/v1/events/${id}/speakers`,
      { name: 'Speaker', tier: 'executive' },
      setup.cookie,
      csrf,
    );
    await api(base, 'POST', `/api/v1/events/${id}/status`, { to: 'scheduled' }, setup.cookie, csrf);

    let n = 0;
    const registration = (tag: string): autocannon.Options => ({
      url: base,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/public/events/${slug}/registrations`,
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              name: '测试 用户',
              email: `${tag}${n++}@bench.example`,
              phone: '+86 138 0013 8000',
              company: 'Bench Co',
              consent: true,
            }),
          }),
        },
      ],
    });
    // Sent as every browser does; the page is served pre-compressed.
    const landingLoad = { url: `${base}/e/${slug}`, headers: { 'accept-encoding': 'gzip, deflate, br' } };
    await window(pid, landingLoad, 2);
    const landing = await paired(`LeadCast GET landing page (${dialect})`, pid, landingLoad, helloPort);
    // Registrations last: each queues a confirmation email that the same process then renders
    // and sends (to the local outbox), which would otherwise load the landing-page measurement.
    await window(pid, registration('w'), 2);
    const reg = await paired(`LeadCast POST registration (${dialect})`, pid, registration('r'), helloPort);
    const loadEnded = Date.now();
    const count = async (url: string) => (await api(base, 'GET', url, undefined, setup.cookie)).json.total;
    const mailAtEnd = await count('/api/v1/mail?page_size=1');
    const stored = await count(`/api/v1/events/${id}/registrations?page_size=1`);
    // The confirmation emails still queued when the load stopped are written soon after.
    let mails = mailAtEnd;
    while (mails < stored && Date.now() - loadEnded < 60_000) {
      await new Promise((r) => setTimeout(r, 100));
      mails = await count('/api/v1/mail?page_size=1');
    }
    const drainedS = (Date.now() - loadEnded) / 1000;
    console.log(`${dialect}: ${stored} registrations stored, ${n} sent, ${mails} emails`);
    mail[dialect] = { stored, sent: n, mailAtEnd, mails, drainedS };
    return [reg, landing];
  } finally {
    await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dialect === 'postgres') {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

execSync('npx tsc -p tsconfig.build.json && npx vite build --config web/vite.config.ts', {
  stdio: 'inherit',
});
const helloPort = await freePort();
const hello = await startProcess(
  ['--import', 'tsx', 'bench/foundation/hello.ts'],
  { PORT: String(helloPort) },
  /ready/,
);
helloPid = hello.child.pid!;
let measured: Paired[];
try {
  await window(helloPid, helloLoad(helloPort), 2);
  measured = [
    ...(await measureLeadCast('sqlite', helloPort)),
    ...(await measureLeadCast('postgres', helloPort)),
  ];
} finally {
  await stop(hello.child);
}
const floor = await sqliteFloor();

/** A measurement's windows summed up (medians; p99 is the worst window's), beside hello's. */
interface Summary extends Window {
  name: string;
  helloRps: number;
  helloCpuUs: number;
  /** Median and range of the paired ratios, %. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
}

const summarize = (m: Paired): Summary => {
  const ratios = m.target.map((w, i) => (100 * w.rps) / m.hello[i]!.rps);
  const sum = (f: (w: Window) => number) => m.target.reduce((a, w) => a + f(w), 0);
  return {
    name: m.name,
    rps: median(m.target.map((w) => w.rps)),
    p50: median(m.target.map((w) => w.p50)),
    // The worst window's p99: a good window must not hide a bad one.
    p99: Math.max(...m.target.map((w) => w.p99)),
    errors: sum((w) => w.errors),
    non2xx: sum((w) => w.non2xx),
    cpuUs: median(m.target.map((w) => w.cpuUs)),
    helloRps: median(m.hello.map((w) => w.rps)),
    helloCpuUs: median(m.hello.map((w) => w.cpuUs)),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
  };
};
const rows = measured.map(summarize);
const [regSqlite, landingSqlite] = rows as [Summary, Summary];

const table = [
  '| measurement | req/s | p50 ms | p99 ms (worst window) | errors | non-2xx | server CPU µs/req | hello req/s | hello CPU µs/req | vs hello (median, range) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.cpuUs.toFixed(0)} | ${r.helloRps.toFixed(0)} | ${r.helloCpuUs.toFixed(0)} | ${r.ratio.toFixed(0)} % (${r.ratioMin.toFixed(0)}–${r.ratioMax.toFixed(0)} %) |`,
  ),
].join('\n');
const windows = measured
  .map(
    (m) =>
      `| ${m.name} | ${m.target.map((w, i) => `${w.rps.toFixed(0)} / ${m.hello[i]!.rps.toFixed(0)}`).join(' · ')} |`,
  )
  .join('\n');
const verdict = [
  `- Registrations on SQLite: ${regSqlite.rps.toFixed(0)}/s (target ≥ 3,000) with p99 ${regSqlite.p99} ms (target < 50 ms): ${
    regSqlite.rps >= 3000 && regSqlite.p99 < 50 ? 'met' : 'NOT met'
  }; ${regSqlite.ratio.toFixed(0)} % of hello (target ≥ 25 %): ${regSqlite.ratio >= 25 ? 'met' : 'NOT met'}.`,
  `- Landing page on SQLite: ${landingSqlite.ratio.toFixed(0)} % of hello (target ≥ 50 %): ${landingSqlite.ratio >= 50 ? 'met' : 'NOT met'}.`,
  ...Object.entries(mail).map(
    ([dialect, m]) =>
      `- Confirmation emails (${dialect}): ${m.stored} registrations stored (${m.sent} sent, warm-ups included); ${m.mailAtEnd} emails written when the load stopped, ${m.mails} after ${m.drainedS.toFixed(1)} s.`,
  ),
  `- SQLite floor (no HTTP, no Kysely, no email): the registration's writes issued straight through better-sqlite3 on the same schema, ${floor.batch} per transaction, cost **${floor.cpuUs.toFixed(0)} µs of CPU per registration** (cheapest of three runs of ${floor.registrations}; ${floor.perSecond.toFixed(0)}/s on one core). At 25 % of hello a whole registration — HTTP, validation, these writes, and rendering and writing its email — would have to fit in about 4 × the hello route's server CPU (${(4 * regSqlite.helloCpuUs).toFixed(0)} µs here).`,
].join('\n');
const report = `# Foundation benchmark results

Measured ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version},
${CONNECTIONS} connections, autocannon in the bench process and each server in its own process on 127.0.0.1.
Each measurement alternates ${ROUNDS} windows of ${WINDOW_S} s of the bare Fastify hello route and of LeadCast
(hello first); "vs hello" is the median of the ${ROUNDS} paired ratios (each LeadCast window against the hello window
just before it) with their range, because this machine's speed drifts by up to 2× within minutes. req/s, p50 and
CPU are medians of the windows; p99 is the worst window's. Server CPU counts every thread of the server process.
Every registration has a new email, so each request writes a contact and a registration and queues its
confirmation email in one transaction (registrations arriving together share a transaction: group commit), and
the same process's job thread renders and writes those emails (to the local outbox) while the load runs — the
real cost of a registration. The landing page is sent the Accept-Encoding header browsers send.
Reproduce: \`npm run bench\`.

${table}

${verdict}

Windows (LeadCast req/s / hello req/s just before):

| measurement | windows |
|---|---|
${windows}
`;
fs.writeFileSync('bench/foundation/RESULTS.md', report);
console.log(report);
