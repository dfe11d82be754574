import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from './support/browser.js';

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
      assert.deepEqual(setup, { needsSetup: true });
      lc.child.kill('SIGTERM');
      assert.equal(await lc.exited, 0);
    } finally {
      lc.child.kill('SIGKILL');
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
