// Foundation benchmark: registrations/s and latency through HTTP on loopback, on SQLite
// and PostgreSQL, and landing-page requests/s, each beside a bare Fastify "hello" route
// measured in the same run. Servers run in child processes; autocannon runs here, so the
// 2-core machine gives roughly one core to each side.
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

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function startProcess(
  args: string[],
  env: Record<string, string>,
  readyPattern: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
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

async function load(name: string, opts: autocannon.Options): Promise<Result> {
  const r = await autocannon({ duration: DURATION_S, connections: CONNECTIONS, ...opts });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

async function measureHello(): Promise<Result> {
  const port = await freePort();
  const { child } = await startProcess(
    ['--import', 'tsx', 'bench/foundation/hello.ts'],
    { PORT: String(port) },
    /ready/,
  );
  try {
    await load('warm-up', { url: `http://127.0.0.1:${port}/hello`, duration: 2 });
    return await load('bare Fastify GET /hello', { url: `http://127.0.0.1:${port}/hello` });
  } finally {
    await stop(child);
  }
}

/** The fields of API answers the benchmark reads. */
interface ApiBody {
  csrfToken: string;
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

async function measureLeadCast(dialect: 'sqlite' | 'postgres'): Promise<Result[]> {
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
  // The production build, as `npm start` runs it.
  const { child, output } = await startProcess(['dist/src/main.js'], env, /setup\/([A-Za-z0-9_-]{43})/);
  try {
    const token = /setup\/([A-Za-z0-9_-]{43})/.exec(output())![1];
    const setup = await api(base, 'POST', '/api/v1/setup', {
      token,
      email: 'bench@example.com',
      name: 'Bench',
      password: 'bench password 1',
    });
    const csrf = setup.json.csrfToken as string;
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
    const landing = await load(`LeadCast GET landing page (${dialect})`, {
      url: `${base}/e/${slug}`,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    // Registrations last: each queues a confirmation email that the same process then renders
    // and sends (to the local outbox), which would otherwise load the landing-page measurement.
    await load('warm-up', { ...registration('w'), duration: 2 });
    const reg = await load(`LeadCast POST registration (${dialect})`, registration('r'));
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
const hello = await measureHello();
const sqlite = await measureLeadCast('sqlite');
const postgres = await measureLeadCast('postgres');
const helloAfter = await measureHello();
const baseline = (hello.rps + helloAfter.rps) / 2;
const rows = [hello, helloAfter, ...sqlite, ...postgres];

const pct = (r: Result) => `${((100 * r.rps) / baseline).toFixed(0)} %`;
const table = [
  '| measurement | req/s | p50 ms | p99 ms | errors | non-2xx | vs hello |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${pct(r)} |`,
  ),
].join('\n');
const [regSqlite, landingSqlite] = sqlite as [Result, Result];
const verdict = [
  `- Registrations on SQLite: ${regSqlite.rps.toFixed(0)}/s (target ≥ 3,000) with p99 ${regSqlite.p99} ms (target < 50 ms): ${
    regSqlite.rps >= 3000 && regSqlite.p99 < 50 ? 'met' : 'NOT met'
  }; ${pct(regSqlite)} of hello (target ≥ 25 %): ${regSqlite.rps >= 0.25 * baseline ? 'met' : 'NOT met'}.`,
  `- Landing page on SQLite: ${pct(landingSqlite)} of hello (target ≥ 50 %): ${landingSqlite.rps >= 0.5 * baseline ? 'met' : 'NOT met'}.`,
  ...Object.entries(mail).map(
    ([dialect, m]) =>
      `- Confirmation emails (${dialect}): ${m.stored} registrations stored (${m.sent} sent, warm-up included); ${m.mailAtEnd} emails written when the load stopped, ${m.mails} after ${m.drainedS.toFixed(1)} s.`,
  ),
].join('\n');
const report = `# Foundation benchmark results

Measured ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version},
${DURATION_S} s per measurement, ${CONNECTIONS} connections, autocannon in the bench process and each server in its
own process on 127.0.0.1. "vs hello" compares with the mean of the bare-Fastify runs before and after
(${baseline.toFixed(0)} req/s). Every registration has a new email, so each request writes a contact and a
registration and queues its confirmation email in one transaction (registrations arriving together share a
transaction: group commit), and the same process's job thread renders and writes those emails (to the local
outbox) while the load runs — the real cost of a registration; the last lines say how many emails were
written by the time the load stopped and how long the rest took. The landing page is measured first, on a
fresh server, with the Accept-Encoding header browsers send. Reproduce: \`npm run bench\`.

${table}

${verdict}
`;
fs.writeFileSync('bench/foundation/RESULTS.md', report);
console.log(report);
