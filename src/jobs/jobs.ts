import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { retryDelayMs } from './backoff.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;
export type Jobs = ReturnType<typeof createJobs>;

/** How long a claimed job is reserved; a worker that died is overtaken after this. */
const LEASE_MS = 5 * 60_000;

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
}) {
  const { db, dialect, clock } = deps;
  const handlers = new Map<string, JobHandler>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function claim() {
    const now = clock.now().toISOString();
    const lockedUntil = new Date(clock.now().getTime() + LEASE_MS).toISOString();
    let due = db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(1);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    return db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_until: lockedUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', (eb) => eb.selectFrom(due.as('due')).select('due.id'))
      .returningAll()
      .executeTakeFirst();
  }

  async function runOne(): Promise<boolean> {
    const job = await claim();
    if (!job) return false;
    const handler = handlers.get(job.type);
    try {
      if (!handler) throw new Error(`No handler for job type ${job.type}`);
      await handler(JSON.parse(job.payload) as Record<string, unknown>);
      await db
        .updateTable('jobs')
        .set({ status: 'done', locked_until: null, last_error: null, updated_at: clock.now().toISOString() })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = job.attempts >= job.max_attempts;
      const at = clock.now();
      await db
        .updateTable('jobs')
        .set({
          status: final ? 'failed' : 'pending',
          locked_until: null,
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
    return true;
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
      const at = clock.now().toISOString();
      await executor
        .insertInto('jobs')
        .values({
          id: newId(),
          type,
          payload: JSON.stringify(payload),
          status: 'pending',
          attempts: 0,
          max_attempts: options.maxAttempts ?? 8,
          run_at: (options.runAt ?? clock.now()).toISOString(),
          locked_until: null,
          last_error: null,
          idempotency_key: options.idempotencyKey ?? null,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .execute();
    },

    /** Runs due jobs until none is left or `limit` ran; returns how many ran. Never runs twice at once. */
    runDue(limit = 100): Promise<number> {
      running ??= (async () => {
        let ran = 0;
        try {
          while (ran < limit && (await runOne())) ran++;
        } finally {
          running = undefined;
        }
        return ran;
      })();
      return running;
    },

    start(intervalMs = 500): void {
      timer ??= setInterval(() => {
        this.runDue().catch((err) => deps.logger?.error({ err }, 'job polling failed'));
      }, intervalMs);
      timer.unref();
    },

    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
