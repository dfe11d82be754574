// Event email benchmark: a reminder to 50,000 registrants through a local SMTP peer with no
// relay rate limit (MAIL_RATE_PER_MINUTE=0): the time to list (enqueue) its deliveries, the
// send rate, and what the send costs registrations — registrations/s measured while the
// reminder sends, against windows just before it starts and just after it ends (same run,
// same process), because this shared machine's speed drifts over minutes.
//
// The reminder is the real plan step: the event is published a week out, 50,000 people
// register, then the event is moved to start in 30 minutes, which makes the hour-before
// reminder due; the process's own scheduler lists and sends it.
//
//   npm run build && node --import tsx bench/mail/run.ts     (writes bench/mail/RESULTS.md)
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../test/support/browser.js';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 50_000);
const WINDOW_S = Number(process.env.BENCH_WINDOW ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const NODE_FLAGS = (
  JSON.parse(fs.readFileSync('package.json', 'utf8')) as { config: { node_flags: string } }
).config.node_flags
  .split(' ')
  .filter(Boolean);
const REMINDER = /^In one hour: /;
/** The send alone, no registrations while it runs: what an email costs with nothing else in the way. */
const QUIET_SEND = process.env.BENCH_QUIET_SEND === '1';
const OUT = process.env.BENCH_OUT ?? 'bench/mail/RESULTS.md';
/** Where the hand-written part of the results starts: a new run keeps it (update it to match). */
const PROSE = '## What this run is';

/** CPU time (ms) so far of each thread of a process, by thread id, from /proc (Linux). */
function threadCpuMs(pid: number): Map<number, number> {
  const ms = new Map<number, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms.set(Number(tid), (Number(f[11]) + Number(f[12])) * 10); // utime + stime, 100 ticks a second
    } catch {
      // the thread ended
    }
  }
  return ms;
}

/**
 * CPU spent between two samples by the server's request thread (its main thread), its job
 * thread (the busiest other thread: it renders and sends the email), the server's remaining
 * threads (GC, libuv, the checkpointer) and this bench process (autocannon and the SMTP peer).
 */
function cpuBetween(a: CpuSample, b: CpuSample) {
  const deltas = [...b.threads].map(([tid, ms]) => [tid, ms - (a.threads.get(tid) ?? 0)] as const);
  const request = deltas.find(([tid]) => tid === b.pid)?.[1] ?? 0;
  const others = deltas.filter(([tid]) => tid !== b.pid).sort((x, y) => y[1] - x[1]);
  const job = others[0]?.[1] ?? 0;
  const rest = others.slice(1).reduce((sum, [, ms]) => sum + ms, 0);
  const bench = (b.self.user + b.self.system - a.self.user - a.self.system) / 1000;
  return { seconds: (b.at - a.at) / 1000, request, job, rest, bench };
}
interface CpuSample {
  pid: number;
  at: number;
  threads: Map<number, number>;
  self: NodeJS.CpuUsage;
}
const cpuSample = (pid: number): CpuSample => ({
  pid,
  at: performance.now(),
  threads: threadCpuMs(pid),
  self: process.cpuUsage(),
});

/** An SMTP peer that reads each message's subject and counts it (parsing whole messages would be the bottleneck). */
async function countingPeer() {
  const arrivals: number[] = [];
  let confirmations = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 4096) head += c.toString('latin1');
      });
      stream.on('end', () => {
        const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
        if (REMINDER.test(subject)) arrivals.push(performance.now());
        else confirmations++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    confirmations: () => confirmations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function startLeadCast(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
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
    child.on('exit', (code) => reject(new Error(`LeadCast exited (${code}): ${out.slice(-2000)}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A wall-clock time as the event form takes it ("2030-12-10T14:00") in UTC. */
const utcLocal = (ms: number) => new Date(ms).toISOString().slice(0, 16);

async function main() {
  const peer = await countingPeer();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-bench-mail-'));
  const { child, output } = await startLeadCast({
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: base,
    DATA_DIR: dataDir,
    RTMP_PORT: '0',
    LOG_LEVEL: 'warn',
    SMTP_URL: peer.url,
    MAIL_RATE_PER_MINUTE: '0',
    REGISTRATION_RATE_LIMIT_PER_MINUTE: '100000000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
  }).catch(async (err) => {
    await peer.close();
    throw err;
  });
  const out: string[] = [];
  try {
    const setupToken = /setup\/([A-Za-z0-9_-]{43})/.exec(output())![1];
    const setup = await fetch(`${base}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: setupToken,
        email: 'bench@example.com',
        name: 'Bench',
        password: 'bench password 1',
      }),
    });
    const headers = {
      cookie: setup.headers.get('set-cookie')!.split(';')[0]!,
      'x-csrf-token': ((await setup.json()) as { csrf_token: string }).csrf_token,
      'content-type': 'application/json',
    };
    // biome-ignore lint/suspicious/noExplicitAny: bench answers are read field by field
    const call = async (method: string, url: string, body?: unknown): Promise<any> => {
      const res = await fetch(base + url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const weekOut = Date.now() + 7 * 86_400_000;
    const newEvent = async (slug: string, title: string) => {
      const { event } = await call('POST', '/api/v1/events', {
        title,
        slug,
        timezone: 'UTC',
        starts_at: utcLocal(weekOut),
        ends_at: utcLocal(weekOut + 3_600_000),
        summary: 'Benchmark',
      });
      await call('POST', `/api/v1/events/${event.id}/status`, { to: 'scheduled' });
      return event as { id: string; slug: string };
    };
    const reminded = await newEvent('reminded', 'Reminded');
    const other = await newEvent('other', 'Other');

    let n = 0;
    const register = (slug: string, opts: Partial<autocannon.Options>) =>
      autocannon({
        url: base,
        connections: CONNECTIONS,
        ...opts,
        requests: [
          {
            method: 'POST',
            path: `/api/v1/public/events/${slug}/registrations`,
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                name: '测试 用户',
                email: `p${n++}@bench.example`,
                phone: '+86 138 0013 8000',
                company: 'Bench Co',
                consent: true,
              }),
            }),
          },
        ],
      });

    console.log(`registering ${RECIPIENTS}…`);
    const filled = await register(reminded.slug, { amount: RECIPIENTS });
    if (filled.non2xx || filled.errors)
      throw new Error(`registration failed: ${filled.non2xx} / ${filled.errors}`);
    // Their confirmation emails go out first, so they do not load the measurement.
    while (peer.confirmations() < RECIPIENTS) await sleep(200);

    const window = async () => {
      const r = await register(other.slug, { duration: WINDOW_S });
      if (r.non2xx || r.errors) throw new Error(`registration failed: ${r.non2xx} / ${r.errors}`);
      return r.requests.average;
    };
    await window();
    const beforeCpu0 = cpuSample(child.pid!);
    const before = await window();
    const beforeCpu = cpuBetween(beforeCpu0, cpuSample(child.pid!));
    const registrationsBefore = before * WINDOW_S;

    console.log('moving the event: the hour-before reminder is due');
    const moved = performance.now();
    const sendCpu0 = cpuSample(child.pid!);
    const soon = Date.now() + 30 * 60_000;
    await call('PATCH', `/api/v1/events/${reminded.id}`, {
      starts_at: utcLocal(soon),
      ends_at: utcLocal(soon + 3_600_000),
    });
    let listedAt = 0;
    let during: number[] = [];
    const listing = (async () => {
      for (;;) {
        const { plan } = await call('GET', `/api/v1/events/${reminded.id}/email/plan`);
        const step = plan.steps.find((s: { step: string }) => s.step === 'reminder_1h');
        if (step.recipients === RECIPIENTS) {
          listedAt = performance.now();
          return;
        }
        await sleep(50);
      }
    })();
    while (peer.arrivals.length === 0) await sleep(20);
    // Registration windows while the reminder is being sent (only those that ended before the last email count).
    while (!QUIET_SEND && peer.arrivals.length < RECIPIENTS * 0.9) {
      const rps = await window();
      if (peer.arrivals.length < RECIPIENTS) during.push(rps);
    }
    await listing;
    while (peer.arrivals.length < RECIPIENTS) await sleep(50);
    const sendCpu = cpuBetween(sendCpu0, cpuSample(child.pid!));
    during = during.length ? during : [Number.NaN];
    const after = await window();

    const first = peer.arrivals[0]!;
    const last = peer.arrivals.at(-1)!;
    const sendS = (last - first) / 1000;
    const baseline = (before + after) / 2;
    const duringMedian = [...during].sort((a, b) => a - b)[during.length >> 1]!;
    const share = duringMedian / baseline;
    const perEmail = (ms: number) => (ms / RECIPIENTS).toFixed(3);
    const perRegistration = (ms: number) => (ms / registrationsBefore).toFixed(3);
    const cores = (ms: number, seconds: number) => (ms / 1000 / seconds).toFixed(2);
    out.push(
      '# Event email benchmark results',
      '',
      `Measured ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, Node ${process.version}, SQLite,`,
      `the production build (\`dist/\`) in its own process, a counting SMTP peer and autocannon (${CONNECTIONS} connections) in the bench process, on 127.0.0.1.`,
      `MAIL_RATE_PER_MINUTE=0 (no relay limit); the SMTP pool's 5 connections. The machine is shared with other work: the load average when this ran was ${os.loadavg()[0]!.toFixed(1)}.`,
      'Reproduce: `npm run build && node --import tsx bench/mail/run.ts`.',
      '',
      '| measurement | value |',
      '|---|---:|',
      `| recipients of the hour-before reminder | ${RECIPIENTS} |`,
      `| time to enqueue (event moved → every delivery listed) | ${((listedAt - moved) / 1000).toFixed(1)} s |`,
      `| first email at the peer after the move | ${((first - moved) / 1000).toFixed(1)} s |`,
      `| send time (first → last email at the peer) | ${sendS.toFixed(1)} s |`,
      `| reminders the peer received (duplicates would show here) | ${peer.arrivals.length} |`,
      `| send rate | ${Math.round(RECIPIENTS / sendS)} emails/s (${Math.round((RECIPIENTS / sendS) * 60)} a minute) |`,
      `| registrations/s before the send (${WINDOW_S} s window) | ${Math.round(before)} |`,
      `| registrations/s after the send (${WINDOW_S} s window) | ${Math.round(after)} |`,
      `| registrations/s while it sends (median of ${during.length} × ${WINDOW_S} s) | ${Math.round(duringMedian)} |`,
      QUIET_SEND
        ? '| while sending vs without (target ≥ 80 %) | not measured: nothing registered while sending |'
        : `| while sending vs without (target ≥ 80 %) | ${Math.round(share * 100)} % — ${share >= 0.8 ? 'met' : 'NOT met'} |`,
      '',
      QUIET_SEND
        ? 'No registrations while sending (BENCH_QUIET_SEND=1): the send alone.'
        : `Windows while sending: ${during.map((r) => Math.round(r)).join(' · ')} registrations/s. Each registration also queues`,
      QUIET_SEND ? '' : 'its own confirmation email, sent by the same job thread that sends the reminder.',
      '',
      "CPU, from /proc (10 ms ticks): the server's request thread, its job thread (the busiest other",
      'thread), its other threads (GC, libuv, checkpointer), and the bench process (autocannon, SMTP peer).',
      '',
      '| CPU | request thread | job thread | other server threads | bench process |',
      '|---|---:|---:|---:|---:|',
      `| registrations alone (before window): ms per registration | ${perRegistration(beforeCpu.request)} | ${perRegistration(beforeCpu.job)} | ${perRegistration(beforeCpu.rest)} | ${perRegistration(beforeCpu.bench)} |`,
      `| registrations alone: cores busy | ${cores(beforeCpu.request, beforeCpu.seconds)} | ${cores(beforeCpu.job, beforeCpu.seconds)} | ${cores(beforeCpu.rest, beforeCpu.seconds)} | ${cores(beforeCpu.bench, beforeCpu.seconds)} |`,
      `| the send (move → last reminder${QUIET_SEND ? '' : ', registrations included'}): ms per reminder | ${perEmail(sendCpu.request)} | ${perEmail(sendCpu.job)} | ${perEmail(sendCpu.rest)} | ${perEmail(sendCpu.bench)} |`,
      `| the send: cores busy | ${cores(sendCpu.request, sendCpu.seconds)} | ${cores(sendCpu.job, sendCpu.seconds)} | ${cores(sendCpu.rest, sendCpu.seconds)} | ${cores(sendCpu.bench, sendCpu.seconds)} |`,
      '',
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await peer.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // The figures are replaced; the written account of the run after them (from PROSE on) is kept.
  const kept = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  const prose = kept.indexOf(PROSE);
  fs.writeFileSync(OUT, out.join('\n') + (prose >= 0 ? `\n${kept.slice(prose)}` : ''));
  console.log(out.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
