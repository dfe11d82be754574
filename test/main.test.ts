import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createServices } from '../src/services.js';
import { acceptsConnections, createEvent, startEncoder, waitFor } from './live/fixtures.js';
import { freePort } from './support/browser.js';
import { eventInput } from './support/fixtures.js';
import { startSmtpPeer } from './support/smtp.js';

/** Starts the real composition root the way `npm start` does (from source, via tsx). */
function startLeadCast(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 20_000) => {
    const until = Date.now() + ms;
    while (!re.test(output)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`never saw ${re}: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return re.exec(output)!;
  };
  return { child, exited, waitFor, output: () => output };
}

/** First-run setup, a published event and one registration, through the public API of a running process. */
async function setUpAndRegister(base: string, lc: ReturnType<typeof startLeadCast>, slug: string) {
  const [, token] = await lc.waitFor(/setup\/([A-Za-z0-9_-]{43})"/);
  const setup = await fetch(`${base}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      email: 'admin@example.com',
      name: 'Admin',
      password: 'a long passphrase 1',
    }),
  });
  assert.equal(setup.status, 200);
  const staff = {
    cookie: setup.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': ((await setup.json()) as { csrf_token: string }).csrf_token,
    'content-type': 'application/json',
  };
  const staffCall = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(base + url, {
      method,
      headers: staff,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${url}: ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const { event } = (await staffCall('POST', '/api/v1/events', eventInput({ slug }))) as {
    event: { id: string };
  };
  await staffCall('POST', `/api/v1/events/${event.id}/status`, { to: 'scheduled' });
  const registered = await fetch(`${base}/api/v1/public/events/${slug}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Li Lei',
      email: 'lilei@example.com',
      phone: '+86 138 0013 8000',
      company: 'ACME',
      consent: true,
    }),
  });
  return { staffCall, registered };
}

/** The outbox / mail log as the console sees it, polled until `done` says so (at most `tries` × 100 ms). */
async function mailUntil(
  staffCall: (method: string, url: string) => Promise<Record<string, unknown>>,
  done: (mail: { to_address: string; status: string }[]) => boolean,
  tries = 100,
) {
  let mail: { to_address: string; status: string }[] = [];
  for (let i = 0; i < tries; i++) {
    mail = ((await staffCall('GET', '/api/v1/mail')) as { messages?: typeof mail }).messages ?? [];
    if (done(mail)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return mail;
}

describe('the LeadCast process', () => {
  it('starts on embedded SQLite, prints a setup link, serves health checks and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-main-'));
    const port = await freePort();
    const lc = startLeadCast({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, RTMP_PORT: '0' });
    try {
      const [, url] = await lc.waitFor(/Create one here: (\S+?)"/);
      assert.match(url!, new RegExp(`^http://localhost:${port}/admin/#/setup/[A-Za-z0-9_-]{43}$`));
      assert.ok(fs.existsSync(path.join(dataDir, 'leadcast.db')));
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json(), { status: 'ready' });
      const setup = await (await fetch(`http://127.0.0.1:${port}/api/v1/setup`)).json();
      assert.deepEqual(setup, { needs_setup: true });
      lc.child.kill('SIGTERM');
      assert.equal(await lc.exited, 0);
    } finally {
      lc.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  for (const transport of ['outbox', 'smtp'] as const)
    it(`sends confirmation emails (${transport}) from its job thread, and stops it cleanly on SIGTERM`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-main-'));
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      // Pooled SMTP connections must not keep the job thread (and so the process) alive.
      const smtp = transport === 'smtp' ? await startSmtpPeer() : undefined;
      const lc = startLeadCast({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        RTMP_PORT: '0',
        ...(smtp ? { SMTP_URL: smtp.url } : {}),
      });
      try {
        const { staffCall, registered } = await setUpAndRegister(base, lc, 'thread-mail');
        assert.equal(registered.status, 201);
        const mail = await mailUntil(staffCall, (m) => m.length > 0 && m[0]!.status !== 'queued');
        assert.deepEqual(
          mail.map((m) => [m.to_address, m.status]),
          [['lilei@example.com', smtp ? 'sent' : 'kept']],
        );
        if (smtp) assert.equal(smtp.received.length, 1);
        lc.child.kill('SIGTERM');
        assert.equal(await lc.exited, 0);
      } finally {
        lc.child.kill('SIGKILL');
        await smtp?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

  for (const setting of ['PORT', 'RTMP_PORT'] as const)
    it(`stops with one clear line, before anything listens, when ${setting} is taken`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-main-'));
      const squatter = net.createServer();
      await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
      const taken = String((squatter.address() as net.AddressInfo).port);
      const ports = { PORT: String(await freePort()), RTMP_PORT: String(await freePort()), [setting]: taken };
      const lc = startLeadCast({ ...ports, HOST: '127.0.0.1', DATA_DIR: dataDir });
      try {
        assert.equal(await lc.exited, 1);
        const lines = lc.output().trim().split('\n');
        assert.equal(lines.length, 1, lc.output());
        assert.equal(
          lines[0],
          `Cannot start: port ${taken} on 127.0.0.1 (${setting}) is already in use by another program; stop it or set ${setting} to a free port.`,
        );
        const other = setting === 'PORT' ? ports.RTMP_PORT : ports.PORT;
        assert.equal(await acceptsConnections(Number(other)), false, 'the other port was never opened');
      } finally {
        lc.child.kill('SIGKILL');
        squatter.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

  it('binds the RTMP listener to HOST unless RTMP_HOST says otherwise', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-main-'));
    const rtmpPort = await freePort();
    const lc = startLeadCast({
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RTMP_PORT: String(rtmpPort),
    });
    try {
      await lc.waitFor(/LeadCast is running/);
      assert.equal(await acceptsConnections(rtmpPort), true);
      const elsewhere = await new Promise<boolean>((resolve) => {
        const s = net.connect(rtmpPort, '127.0.0.2', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      assert.equal(elsewhere, false, 'RTMP must not answer on an address HOST does not cover');
      lc.child.kill('SIGTERM');
      assert.equal(await lc.exited, 0);
    } finally {
      lc.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('drains on SIGTERM while a low-latency (HTTP-FLV) viewer watches, keeping the last recording segment', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-main-'));
    const port = await freePort();
    const rtmpPort = await freePort();
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RTMP_PORT: String(rtmpPort),
    };
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const db = openDatabase(config.database);
    await db.migrate();
    const services = createServices({ config, db, clock: { now: () => new Date() } });
    const event = await createEvent(db.kysely, { status: 'live' });
    const row = await services.live.stream(event.id);
    await db.close();

    const lc = startLeadCast(env);
    let encoder: ReturnType<typeof startEncoder> | undefined;
    try {
      await lc.waitFor(/LeadCast is running/);
      encoder = startEncoder(`rtmp://127.0.0.1:${rtmpPort}/live/${row.stream_key}`);
      const recDir = path.join(dataDir, 'media', row.media_path, 'rec');
      await waitFor('a recorded segment', () =>
        fs.readFileSync(path.join(recDir, 'index.m3u8'), 'utf8').includes('.ts'),
      );
      const viewer = await fetch(`http://127.0.0.1:${port}/media/${row.media_path}/live.flv`);
      assert.equal(viewer.status, 200);
      const reader = viewer.body!.getReader();
      assert.ok((await reader.read()).value, 'the viewer receives the stream');
      lc.child.kill('SIGTERM');
      assert.equal(await lc.exited, 0, lc.output());
      for (;;) if ((await reader.read()).done) break;
      const playlist = fs.readFileSync(path.join(recDir, 'index.m3u8'), 'utf8');
      const files = fs.readdirSync(recDir).filter((f) => f !== 'index.m3u8');
      assert.deepEqual(
        files.filter((f) => !f.endsWith('.ts')),
        [],
        'no segment left half-written',
      );
      for (const f of files) assert.ok(playlist.includes(f), `${f} is in the recording`);
    } finally {
      await encoder?.stop();
      lc.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('after a crash mid-send, the restarted process takes its claimed email back at once (not after the 5-minute lease)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-main-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // A relay that accepts connections and never greets: the email's job stays claimed.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const smtp = await startSmtpPeer();
    const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, RTMP_PORT: '0' };
    const first = startLeadCast({
      ...env,
      SMTP_URL: `smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
    });
    let second: ReturnType<typeof startLeadCast> | undefined;
    try {
      const { staffCall, registered } = await setUpAndRegister(base, first, 'crash-mail');
      assert.equal(registered.status, 201);
      // The job thread recorded the email and is sending it: kill the process there.
      const inFlight = await mailUntil(staffCall, (m) => m.length > 0);
      assert.deepEqual(
        inFlight.map((m) => m.status),
        ['queued'],
      );
      first.child.kill('SIGKILL');
      await first.exited;
      second = startLeadCast({ ...env, SMTP_URL: smtp.url });
      await second.waitFor(/took back jobs claimed before a restart/);
      const mail = await mailUntil(staffCall, (m) => m[0]?.status === 'sent');
      assert.deepEqual(
        mail.map((m) => [m.to_address, m.status]),
        [['lilei@example.com', 'sent']],
      );
      assert.equal(smtp.received.length, 1);
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGKILL');
      silent.close();
      await smtp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with invalid settings and names each problem', async () => {
    const lc = startLeadCast({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    assert.equal(await lc.exited, 78);
    assert.match(lc.output(), /PORT:/);
    assert.match(lc.output(), /DATABASE_URL: must start with postgres/);
  });
});
