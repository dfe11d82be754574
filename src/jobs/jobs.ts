import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { Dialect } from '../db/database.js';
import { placeholderRow, prepareQuery } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { retryDelayMs } from './backoff.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;
export type Jobs = ReturnType<typeof createJobs>;

/** How long a claimed job is reserved; a worker that died is overtaken after this. */
const LEASE_MS = 5 * 60_000;
const RETAIN_DONE_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
/**
 * Jobs claimed, and run side by side, at a time. Large: a burst of registrations leaves a
 * backlog of confirmation emails, and each batch costs a few write transactions (claim,
 * the handlers' grouped writes, completion) that the request thread's writes must wait for
 * on SQLite; handlers that read by id share one query per batch (see batchLoader).
 */
export const JOB_BATCH = 256;

type JobRow = Database['jobs'];
const JOB_COLUMNS = [
  'id',
  'type',
  'payload',
  'status',
  'attempts',
  'max_attempts',
  'run_at',
  'locked_until',
  'locked_by',
  'last_error',
  'idempotency_key',
  'created_at',
  'updated_at',
] as const;

export interface EnqueueOptions {
  /** A second enqueue with the same key is ignored: enqueueing is idempotent. */
  idempotencyKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * The durable job queue: rows in the `jobs` table, claimed by polling. On PostgreSQL
 * several processes share the queue (`FOR UPDATE SKIP LOCKED`); on SQLite one process
 * owns the file. Handlers receive ids, not objects, and must be idempotent: a job can
 * run again after a crash between its effect and its completion.
 */
export function createJobs(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  logger?: FastifyBaseLogger;
  /** This process among the queue's workers, the same across its restarts (config `JOB_WORKER_NAME`). */
  workerName: string;
}) {
  const { db, dialect, clock } = deps;
  /**
   * This start of the worker: claims are signed with it. A claim signed with the same name
   * but another start is one this process made before it died or restarted, so nobody is
   * running it and it can be taken back at once instead of after its lease.
   */
  const workerId = `${deps.workerName}/${newId()}`;
  const ownPrefix = `${deps.workerName}/`;
  const handlers = new Map<string, JobHandler>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  /** Set while stop() waits: a draining loop finishes its batch and leaves the rest for later. */
  let stopping = false;

  // Every registration enqueues its confirmation email: compiled once.
  const insertJob = prepareQuery(db, (p) =>
    db
      .insertInto('jobs')
      .values(placeholderRow<JobRow>(p, JOB_COLUMNS))
      .onConflict((oc) => oc.column('idempotency_key').doNothing()),
  );

  const jobRow = (type: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): JobRow => {
    const at = clock.now().toISOString();
    return {
      id: newId(),
      type,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      max_attempts: options.maxAttempts ?? 8,
      run_at: (options.runAt ?? clock.now()).toISOString(),
      locked_until: null,
      locked_by: null,
      last_error: null,
      idempotency_key: options.idempotencyKey ?? null,
      created_at: at,
      updated_at: at,
    };
  };

  /**
   * Reserves up to `limit` due jobs in one statement. A running job's run_at is its lease
   * expiry, so "due" is one range on one partial index; the statuses are SQL literals
   * because SQLite uses a partial index only when it can match the query's terms
   * against the index's WHERE clause at prepare time (bound parameters don't match).
   */
  async function claim(limit: number) {
    const now = clock.now().toISOString();
    const leaseEnds = new Date(clock.now().getTime() + LEASE_MS).toISOString();
    let due = db
      .selectFrom('jobs')
      .select('id')
      .where('status', 'in', [sql.lit<JobRow['status']>('pending'), sql.lit<JobRow['status']>('running')])
      .where('run_at', '<=', now)
      .orderBy('run_at')
      .limit(limit);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        run_at: leaseEnds,
        locked_until: leaseEnds,
        locked_by: workerId,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /**
   * Makes the jobs an earlier start of this worker had claimed due now: that start is gone
   * (crashed, killed, or its thread died), so its claims would otherwise wait out their
   * 5-minute lease. Returns how many came back.
   */
  async function reclaimOwnDeadClaims(): Promise<number> {
    const now = clock.now().toISOString();
    const result = await db
      .updateTable('jobs')
      .set({ status: 'pending', run_at: now, locked_until: null, locked_by: null, updated_at: now })
      .where('status', '=', 'running')
      .where(sql<string>`substr(locked_by, 1, ${ownPrefix.length})`, '=', ownPrefix)
      .where('locked_by', '!=', workerId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Finished jobs are kept a week for inspection, then deleted. */
  async function pruneFinished() {
    const before = new Date(clock.now().getTime() - RETAIN_DONE_MS).toISOString();
    await db.deleteFrom('jobs').where('status', '=', 'done').where('updated_at', '<', before).execute();
  }

  /** Runs one job's handler; returns the error message if it failed. */
  async function perform(job: JobRow): Promise<string | null> {
    const handler = handlers.get(job.type);
    try {
      if (!handler) throw new Error(`No handler for job type ${job.type}`);
      await handler(JSON.parse(job.payload) as Record<string, unknown>);
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  async function fail(job: JobRow, message: string) {
    const final = job.attempts >= job.max_attempts;
    const at = clock.now();
    await db
      .updateTable('jobs')
      .set({
        status: final ? 'failed' : 'pending',
        locked_until: null,
        locked_by: null,
        last_error: message.slice(0, 2000),
        run_at: new Date(at.getTime() + retryDelayMs(job.attempts)).toISOString(),
        updated_at: at.toISOString(),
      })
      .where('id', '=', job.id)
      .execute();
    deps.logger?.[final ? 'error' : 'warn'](
      { job: job.id, type: job.type, attempt: job.attempts, err: message },
      'job failed',
    );
  }

  /**
   * Claims a batch and runs its handlers side by side (a handler waiting on SMTP does not
   * hold up the others); the ones that succeeded are marked done in one statement.
   * Returns how many jobs ran.
   */
  async function runBatch(limit: number): Promise<number> {
    const batch = await claim(limit);
    if (batch.length === 0) return 0;
    const outcomes = await Promise.all(batch.map(perform));
    const done = batch.filter((_, i) => outcomes[i] === null).map((job) => job.id);
    if (done.length) {
      await db
        .updateTable('jobs')
        .set({
          status: 'done',
          locked_until: null,
          locked_by: null,
          last_error: null,
          updated_at: clock.now().toISOString(),
        })
        .where('id', 'in', done)
        .execute();
    }
    for (const [i, job] of batch.entries()) {
      const error = outcomes[i];
      if (error != null) await fail(job, error);
    }
    return batch.length;
  }

  return {
    register(type: string, handler: JobHandler): void {
      handlers.set(type, handler);
    },

    /** Adds a job; pass the transaction of the change that needs it. */
    async enqueue(
      executor: Kysely<Database>,
      type: string,
      payload: Record<string, unknown>,
      options: EnqueueOptions = {},
    ) {
      await insertJob(executor, jobRow(type, payload, options));
    },

    /** Several jobs in one statement (the confirmation emails of a batch of registrations). */
    async enqueueMany(
      executor: Kysely<Database>,
      jobs: { type: string; payload: Record<string, unknown>; options?: EnqueueOptions }[],
    ) {
      if (jobs.length === 0) return;
      await executor
        .insertInto('jobs')
        .values(jobs.map((j) => jobRow(j.type, j.payload, j.options)))
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .execute();
    },

    /**
     * Runs due jobs until none is left or about `limit` ran; returns how many ran. Never
     * runs twice at once. Between batches it yields to the event loop: SQLite calls
     * resolve as microtasks, so without a macrotask break a backlog of jobs would hold
     * the loop and stall every request until it drained.
     */
    runDue(limit = Number.POSITIVE_INFINITY): Promise<number> {
      running ??= (async () => {
        let ran = 0;
        try {
          while (ran < limit && !stopping) {
            const n = await runBatch(Math.min(JOB_BATCH, limit - ran));
            if (n === 0) break;
            ran += n;
            await new Promise((resolve) => setImmediate(resolve));
          }
        } finally {
          running = undefined;
        }
        return ran;
      })();
      return running;
    },

    /** Polls for due jobs every `intervalMs`; the first tick takes back this worker's dead claims. */
    start(intervalMs = 500): void {
      let prunedAt = 0;
      let reclaimed = false;
      const tick = async () => {
        if (!reclaimed) {
          const n = await reclaimOwnDeadClaims();
          reclaimed = true;
          if (n) deps.logger?.info({ jobs: n, worker: workerId }, 'took back jobs claimed before a restart');
        }
        if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
          prunedAt = Date.now();
          await pruneFinished();
        }
        await this.runDue();
      };
      timer ??= setInterval(
        () => tick().catch((err) => deps.logger?.error({ err }, 'job polling failed')),
        intervalMs,
      );
      timer.unref();
    },

    pruneFinished,
    reclaimOwnDeadClaims,

    async stop(): Promise<void> {
      stopping = true;
      clearInterval(timer);
      timer = undefined;
      try {
        await running;
      } finally {
        stopping = false;
      }
    },
  };
}
