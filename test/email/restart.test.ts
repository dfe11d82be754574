import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from '../support/browser.js';
import { eventInput } from '../support/fixtures.js';
import { startSmtpPeer } from '../support/smtp.js';

// The issue asks for 5,000; 1,000 exercise the same path (the SMTP pool's 5 connections, batches of
// 200 claimed deliveries, the group-committed `sent` writes) and keep the test in the normal suite.
// RESTART_TEST_RECIPIENTS=5000 runs the size (it passed, in about 120 s).
const RECIPIENTS = Number(process.env.RESTART_TEST_RECIPIENTS ?? 1000);
/**
 * The relay stops answering once this many campaign emails reached it, so the kill lands
 * mid-send: not a multiple of the sender's batch (200), so the batch in hand is part delivered.
 */
const BEFORE_KILL = Math.round(RECIPIENTS * 0.45);
if (BEFORE_KILL % 200 === 0) throw new Error('choose a recipient count whose 45 % is not a multiple of 200');
const TITLE = 'Crash course';

function startLeadCast(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // Generous: loading the app through tsx takes tens of seconds on a loaded 2-core machine.
  const waitFor = async (re: RegExp, ms = 180_000) => {
    const until = Date.now() + ms;
    while (!re.test(output)) {
      if (Date.now() > until || child.exitCode !== null)
        throw new Error(`never saw ${re}: ${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return re.exec(output)!;
  };
  return { child, exited, waitFor };
}

// A liveness deadline, not a timing assertion: on a loaded 2-core machine 2,000 emails took minutes.
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, tries = 6000) {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

// Starts a real process (through tsx), registers 1,000 people, sends them a campaign, kills the
// process with 450 of them delivered and 5 in flight, and restarts it. Measured on the shared
// 2-core machine: 49 s at load average 6, 88 s at load average 8 (5,000 recipients took 120 s,
// too slow for the suite). It fails if a delivery is recorded as sent before the relay accepts
// it (a lost email: 600 recorded where 450 arrived) or if the restart resends a delivered one
// (both tried by breaking the sender).
describe(`a ${RECIPIENTS}-recipient send killed midway`, () => {
  it('resumes after the restart and every recipient has exactly one email', async (t) => {
    const started = performance.now();
    const mark = (what: string) =>
      t.diagnostic(`${what} at ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-email-kill-'));
    const smtp = await startSmtpPeer();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RTMP_PORT: '0',
      SMTP_URL: smtp.url,
      MAIL_RATE_PER_MINUTE: '0',
      REGISTRATION_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    const isCampaign = (m: { subject?: string }) => m.subject === TITLE;
    let lc = startLeadCast(env);
    try {
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
      const headers = {
        cookie: setup.headers.get('set-cookie')!.split(';')[0]!,
        'x-csrf-token': ((await setup.json()) as { csrf_token: string }).csrf_token,
        'content-type': 'application/json',
      };
      const call = async (method: string, url: string, body?: unknown) => {
        const res = await fetch(base + url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        assert.ok(res.ok, `${method} ${url}: ${res.status} ${await res.clone().text()}`);
        // biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions that read them
        return (await res.json()) as Record<string, any>;
      };
      const { event } = await call('POST', '/api/v1/events', eventInput({ slug: 'crash', title: TITLE }));
      await call('POST', `/api/v1/events/${event.id}/status`, { to: 'scheduled' });
      for (let i = 0; i < RECIPIENTS; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, (_, j) =>
            fetch(`${base}/api/v1/public/events/crash/registrations`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                name: `P${i + j}`,
                email: `p${i + j}@example.com`,
                phone: '13800138000',
                company: 'Acme',
                consent: true,
              }),
            }).then((r) => assert.equal(r.status, 201)),
          ),
        );
      }
      mark(`${RECIPIENTS} registered`);
      const { campaign } = await call('POST', `/api/v1/events/${event.id}/email/campaigns`, {
        name: 'Everyone',
        audience: { kind: 'registrants' },
      });
      // The relay goes quiet after BEFORE_KILL of them: the process is killed with emails in
      // flight (sent to the relay, never answered, so never delivered), and only once every
      // delivered one is recorded as sent, so nothing accepted is left unrecorded (that window,
      // between a relay's 250 and the commit of `sent`, is the at-least-once of any SMTP client;
      // the stable Message-ID lets a receiver drop such a copy).
      smtp.holdAfter(isCampaign, BEFORE_KILL);
      await call('POST', `/api/v1/events/${event.id}/email/campaigns/${campaign.id}/schedule`, {});
      const sentCount = async () =>
        ((await call('GET', `/api/v1/events/${event.id}/email/campaigns/${campaign.id}`)).campaign.counts
          ?.sent ?? 0) as number;
      await until(
        async () => smtp.held,
        (held) => held > 0,
        `the relay to have received ${BEFORE_KILL} and to hold the next`,
      );
      // Each accepted email is recorded as sent right after the relay's answer: a minute is a
      // deadline for a loaded machine, not a timing assertion.
      const sentBeforeKill = await until(
        () => sentCount(),
        (sent) => sent >= BEFORE_KILL,
        `the ${BEFORE_KILL} delivered to be recorded as sent`,
        600,
      );
      assert.equal(sentBeforeKill, BEFORE_KILL, 'only what the relay accepted is recorded as sent');
      lc.child.kill('SIGKILL');
      await lc.exited;
      mark(`killed with ${BEFORE_KILL} delivered and ${smtp.held} in flight`);
      assert.equal(smtp.received.filter(isCampaign).length, BEFORE_KILL);
      smtp.release();
      lc = startLeadCast(env);
      const [, tookBack] = await lc.waitFor(
        /"deliveries":(\d+),[^\n]*took back emails claimed before a restart/,
      );
      mark(`restarted, ${tookBack} claimed deliveries taken back`);
      await until(
        () => sentCount(),
        (sent) => sent === RECIPIENTS,
        'every email to be sent after the restart',
      );
      mark('all sent');
      const campaignMail = smtp.received.filter(isCampaign);
      const perRecipient = new Map<string, number>();
      for (const m of campaignMail) {
        const to = m.to && 'text' in m.to ? m.to.text : '';
        perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      }
      assert.equal(perRecipient.size, RECIPIENTS);
      assert.deepEqual([...new Set(perRecipient.values())], [1], 'one email each');
      assert.equal(campaignMail.length, RECIPIENTS);
    } finally {
      lc.child.kill('SIGKILL');
      await lc.exited;
      await smtp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
