import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJobs, JOB_BATCH } from '../src/jobs/jobs.js';
import { dialects, type Harness, skipReason, startHarness } from './support/harness.js';

for (const dialect of dialects) {
  describe(`durable jobs (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    const seen: string[] = [];
    let failuresLeft = 0;
    before(async () => {
      h = await startHarness(dialect);
      h.services.jobs.register('test.record', async (p) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('flaky dependency');
        }
        seen.push(String(p.value));
      });
      h.services.jobs.register('test.maybe', async (p) => {
        if (p.fail) throw new Error(`refused ${p.value}`);
        seen.push(String(p.value));
      });
    });
    after(() => h.close());
    const row = (key: string) =>
      h.services.db.kysely
        .selectFrom('jobs')
        .selectAll()
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow();

    it('runs a job once, and ignores a second enqueue with the same key', async () => {
      const db = h.services.db.kysely;
      await h.services.jobs.enqueue(db, 'test.record', { value: 'a' }, { idempotencyKey: 'k-a' });
      await h.services.jobs.enqueue(db, 'test.record', { value: 'a-again' }, { idempotencyKey: 'k-a' });
      assert.equal(await h.services.jobs.runDue(), 1);
      assert.deepEqual(seen, ['a']);
      assert.equal((await row('k-a')).status, 'done');
    });

    it('keeps a job from a rolled-back transaction out of the queue', async () => {
      await assert.rejects(
        h.services.db.kysely.transaction().execute(async (trx) => {
          await h.services.jobs.enqueue(
            trx,
            'test.record',
            { value: 'ghost' },
            { idempotencyKey: 'k-ghost' },
          );
          throw new Error('the change failed');
        }),
      );
      assert.equal(await h.services.jobs.runDue(), 0);
      assert.ok(!seen.includes('ghost'));
    });

    it('retries with backoff and gives up after max attempts', async () => {
      failuresLeft = 10;
      await h.services.jobs.enqueue(
        h.services.db.kysely,
        'test.record',
        { value: 'b' },
        { idempotencyKey: 'k-b', maxAttempts: 2 },
      );
      await h.services.jobs.runDue();
      let job = await row('k-b');
      assert.equal(job.status, 'pending');
      assert.equal(job.last_error, 'flaky dependency');
      assert.equal(await h.services.jobs.runDue(), 0, 'waits for the backoff');
      h.clock.advance(31_000);
      await h.services.jobs.runDue();
      job = await row('k-b');
      assert.equal(job.status, 'failed');
      assert.equal(job.attempts, 2);
      failuresLeft = 0;
    });

    it('takes over a job whose worker died once its lease runs out', async () => {
      await h.services.jobs.enqueue(
        h.services.db.kysely,
        'test.record',
        { value: 'c' },
        { idempotencyKey: 'k-c' },
      );
      // A worker claimed it and died: running, lease not yet expired.
      const lease = new Date(h.clock.now().getTime() + 60_000).toISOString();
      await h.services.db.kysely
        .updateTable('jobs')
        .set({ status: 'running', run_at: lease, attempts: 1 })
        .where('idempotency_key', '=', 'k-c')
        .execute();
      assert.equal(await h.services.jobs.runDue(), 0);
      h.clock.advance(61_000);
      assert.equal(await h.services.jobs.runDue(), 1);
      assert.ok(seen.includes('c'));
      assert.equal((await row('k-c')).attempts, 2);
    });

    it("takes back its own claims from before a restart at once, and leaves other workers' alone", async () => {
      const db = h.services.db.kysely;
      const startOf = (workerName: string) =>
        createJobs({ db, dialect: h.dialect, clock: h.clock, workerName });
      // The first start of worker "web-1" claims two jobs and dies while running them.
      const dead = startOf('web-1');
      dead.register('test.hang', () => new Promise<void>(() => {}));
      await h.services.jobs.enqueue(db, 'test.hang', { value: 'r1' }, { idempotencyKey: 'k-r1' });
      await h.services.jobs.enqueue(db, 'test.hang', { value: 'r2' }, { idempotencyKey: 'k-r2' });
      void dead.runDue(2);
      while ((await row('k-r2')).status !== 'running') await new Promise((r) => setImmediate(r));
      assert.match((await row('k-r1')).locked_by ?? '', /^web-1\//);
      // Another worker ("web-10", whose name starts the same) must not take them: web-1 may be alive.
      const other = startOf('web-10');
      assert.equal(await other.reclaimOwnDeadClaims(), 0);
      assert.equal(await other.runDue(), 0);
      // web-1 starts again: its earlier claims are due at once, well inside their lease.
      const restarted = startOf('web-1');
      restarted.register('test.hang', async (p) => {
        seen.push(String(p.value));
      });
      assert.equal(await restarted.reclaimOwnDeadClaims(), 2);
      assert.equal(await restarted.reclaimOwnDeadClaims(), 0, 'nothing of its own start');
      assert.equal(await restarted.runDue(), 2);
      assert.ok(seen.includes('r1') && seen.includes('r2'));
      assert.equal((await row('k-r1')).status, 'done');
      assert.equal((await row('k-r1')).locked_by, null);
    });

    it('runs a backlog in batches: failed jobs wait for a retry, the rest are done', async () => {
      const db = h.services.db.kysely;
      const backlog = JOB_BATCH + 14;
      for (let i = 0; i < backlog; i++) {
        await h.services.jobs.enqueue(
          db,
          'test.maybe',
          { value: `m${i}`, fail: i % 100 === 7 },
          { idempotencyKey: `k-m${i}` },
        );
      }
      assert.equal(await h.services.jobs.runDue(), backlog, 'the whole backlog in one call');
      assert.equal(seen.filter((v) => v.startsWith('m')).length, backlog - 3);
      for (const i of [7, 107, 207]) {
        const job = await row(`k-m${i}`);
        assert.equal(job.status, 'pending');
        assert.equal(job.last_error, `refused m${i}`);
      }
      assert.equal((await row('k-m8')).status, 'done');
      assert.equal(await h.services.jobs.runDue(), 0, 'the failed ones wait for their backoff');
      await db.deleteFrom('jobs').where('type', '=', 'test.maybe').execute();
    });

    it('stops after the batch in hand, leaving the rest of a backlog queued', async () => {
      const db = h.services.db.kysely;
      const backlog = JOB_BATCH + 44;
      for (let i = 0; i < backlog; i++) {
        await h.services.jobs.enqueue(db, 'test.maybe', { value: `s${i}` }, { idempotencyKey: `k-s${i}` });
      }
      const draining = h.services.jobs.runDue();
      await h.services.jobs.stop();
      const ran = await draining;
      assert.ok(ran > 0 && ran < backlog, `ran ${ran} before stopping`);
      const pending = await db
        .selectFrom('jobs')
        .select('id')
        .where('type', '=', 'test.maybe')
        .where('status', '=', 'pending')
        .execute();
      assert.equal(pending.length, backlog - ran);
      assert.equal(await h.services.jobs.runDue(), backlog - ran, 'a later run finishes the backlog');
      await db.deleteFrom('jobs').where('type', '=', 'test.maybe').execute();
    });

    it('prunes finished jobs after a week', async () => {
      h.clock.advance(8 * 24 * 3_600_000);
      await h.services.jobs.pruneFinished();
      const left = await h.services.db.kysely
        .selectFrom('jobs')
        .select(['idempotency_key', 'status'])
        .execute();
      assert.deepEqual(left, [{ idempotency_key: 'k-b', status: 'failed' }]);
    });
  });
}
