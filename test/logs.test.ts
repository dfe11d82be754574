import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from './support/browser.js';

/** The real composition root from source, its standard output piped (not a terminal). */
async function withLeadCast(
  env: Record<string, string>,
  use: (base: string, out: () => string) => Promise<void>,
) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-logs-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RTMP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`LeadCast exited: ${out}`);
      if (/setup\/[A-Za-z0-9_-]{43}/.test(out)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await use(base, () => out);
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Waits until `pattern` has appeared in the output (log lines are written as requests end). */
async function seen(out: () => string, pattern: RegExp) {
  for (let i = 0; i < 200 && !pattern.test(out()); i++) await new Promise((r) => setTimeout(r, 25));
  assert.match(out(), pattern);
}

const lines = (out: string) => out.split('\n').filter((l) => l.trim() !== '');

describe('the process log', () => {
  it('LOG_FORMAT=pretty: readable lines, one per request, and the setup link framed on a line of its own', async () => {
    await withLeadCast({ LOG_FORMAT: 'pretty' }, async (base, out) => {
      const [, url] = /│ (http:\/\/\S+\/admin\/#\/setup\/[A-Za-z0-9_-]{43}) │/.exec(out()) ?? [];
      assert.ok(url, out());
      assert.match(out(), /┌─ No administrator yet ─+┐/);
      assert.match(out(), /INFO.*LeadCast is running/);
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      assert.equal((await fetch(`${base}/e/no-such-event`)).status, 404);
      await seen(out, /GET \/e\/no-such-event 404/);
      const readyz = lines(out()).filter((l) => l.includes('/readyz'));
      assert.equal(readyz.length, 1, readyz.join('\n'));
      assert.match(readyz[0]!, /^\[\d\d:\d\d:\d\d\] INFO.*: GET \/readyz 200 [\d.]+ ms$/);
      assert.deepEqual(
        lines(out()).filter((l) => l.startsWith('{')),
        [],
        'no JSON line in pretty logs (the job thread included)',
      );
    });
  });

  it('piped without LOG_FORMAT: JSON lines, one per request with its fields, the setup link as a field', async () => {
    await withLeadCast({}, async (base, out) => {
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      await seen(out, /"url":"\/readyz"/);
      const entries = lines(out()).map((l) => JSON.parse(l) as Record<string, unknown>);
      const setup = entries.find((e) => e.setup_url);
      assert.match(String(setup?.setup_url), /\/admin\/#\/setup\/[A-Za-z0-9_-]{43}$/);
      assert.equal(setup?.level, 40);
      const readyz = entries.filter((e) => JSON.stringify(e).includes('/readyz'));
      assert.equal(readyz.length, 1);
      assert.equal(readyz[0]!.method, 'GET');
      assert.equal(readyz[0]!.statusCode, 200);
      assert.equal(typeof readyz[0]!.responseTime, 'number');
      assert.equal(typeof readyz[0]!.reqId, 'string');
    });
  });
});
