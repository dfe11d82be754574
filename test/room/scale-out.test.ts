import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { freePort } from '../support/browser.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { clientId, createEvent, register, socketUrl, TestSocket } from './support.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisSkip(): Promise<string | false> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return false;
  } catch {
    return `Redis not reachable at ${REDIS_URL}`;
  } finally {
    r.disconnect();
  }
}

/** A second LeadCast process (src/main.ts) on the same database and Redis. */
async function startSecondProcess(
  h: Harness,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const database = h.config.database;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'test',
      PORT: String(port),
      // Its own RTMP port: the embedded ingest must not collide with anything else listening here.
      RTMP_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATA_DIR: h.dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.kind === 'postgres' ? database.url : `sqlite:${database.file}`,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, base };
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error('second process did not start');
}

const skip = await redisSkip();

for (const dialect of dialects) {
  describe(`room scale-out over Redis: two processes, one room (${dialect})`, {
    skip: skip || (await skipReason(dialect)),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let second: { child: ChildProcess; base: string };
    let baseA: string;
    let eventId: string;
    let onA: TestSocket;
    let onB: TestSocket;
    let hostA: TestSocket;
    let bReg: Awaited<ReturnType<typeof register>>;

    before(async () => {
      const env = {
        REDIS_URL,
        ROOM_CHANNEL_PREFIX: `lc-test-${randomBytes(6).toString('hex')}`,
        ROOM_TICK_MS: '20',
      };
      h = await startHarness(dialect, env);
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      baseA = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
      second = await startSecondProcess(h, env);
      admin = await setupAdmin(h);
      eventId = await createEvent(h);
      const aReg = await register(h, eventId, 'On Process A');
      bReg = await register(h, eventId, 'On Process B');
      onA = await TestSocket.open(socketUrl(baseA, eventId, { token: aReg.join_token }));
      onB = await TestSocket.open(socketUrl(second.base, eventId, { token: bReg.join_token }));
      hostA = await TestSocket.open(socketUrl(baseA, eventId), { headers: { cookie: admin.cookie } });
    });
    after(async () => {
      for (const s of [onA, onB, hostA]) s?.close();
      if (second) {
        const exited = new Promise((r) => second.child.once('exit', r));
        second.child.kill('SIGTERM');
        await exited;
      }
      await h.close();
    });

    it('delivers chat posted on either process to viewers on both', async () => {
      const fromB = clientId();
      await onB.request({ type: 'chat.send', id: fromB, body: 'hello from B' });
      await onA.event('chat.message', (e) => (e.message as { cid: string }).cid === fromB);
      await hostA.event('chat.message', (e) => (e.message as { cid: string }).cid === fromB);
      const fromA = clientId();
      await onA.request({ type: 'chat.send', id: fromA, body: 'hello from A' });
      await onB.event('chat.message', (e) => (e.message as { cid: string }).cid === fromA);
      assert.equal(
        onB.events('chat.message').filter((e) => (e.message as { cid: string }).cid === fromA).length,
        1,
      );
    });

    it('shows the global viewer count on both processes', async () => {
      await onA.event('viewers', (e) => e.count === 2, 6000);
      await onB.event('viewers', (e) => e.count === 2, 6000);
    });

    it('reaches a viewer on the other process with host actions and live poll results', async () => {
      await hostA.request({ type: 'viewer.mute', viewerId: bReg.id, duration: '7d', reason: 'test' });
      const muted = await onB.event('you.muted');
      assert.equal(muted.duration, '7d');
      assert.equal((await onB.request({ type: 'chat.send', id: clientId(), body: 'hi' })).code, 'FORBIDDEN');
      await hostA.request({ type: 'viewer.unmute', viewerId: bReg.id });
      await onB.event('you.unmuted');

      const poll = await hostA.request({
        type: 'poll.create',
        question: 'Ready?',
        kind: 'single',
        options: ['yes', 'no'],
      });
      await hostA.request({ type: 'poll.open', pollId: poll.result.pollId });
      await hostA.request({ type: 'poll.results', pollId: poll.result.pollId, show: true });
      await onB.event('poll', (e) => (e.poll as { status: string }).status === 'open');
      await onB.request({ type: 'poll.answer', pollId: poll.result.pollId, choices: [0] });
      await onA.event('poll', (e) => JSON.stringify((e.poll as { results: number[] }).results) === '[1,0]');
    });

    it('closes a registration revoked on one process where its socket is open on the other', async () => {
      const reg = await register(h, eventId, 'Revoked On B');
      const socket = await TestSocket.open(socketUrl(second.base, eventId, { token: reg.join_token }));
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${eventId}/registrations/${reg.id}`,
        payload: { status: 'revoked' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal((await socket.closedWithin(5000))?.code, 4403);
      assert.equal(onB.closed, undefined, 'other viewers on that process stay');
    });
  });
}
