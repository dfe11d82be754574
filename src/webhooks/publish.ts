import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import type { EnqueueOptions, Jobs } from '../jobs/jobs.js';
import type { EventType } from './event-types.js';

/** The job that makes one attempt of one delivery. */
export const DELIVER_JOB = 'webhook.deliver';

export interface DeliverJobPayload {
  delivery_id: string;
  /** The attempt this job makes (1-based); a job for an attempt already recorded does nothing. */
  attempt: number;
  /** A redelivery asked for in the console or API: not retried automatically when it fails. */
  manual?: boolean;
  /** Times this attempt was put back because its destination had enough requests in flight. */
  deferrals?: number;
}

/** The queue entry of one attempt; its idempotency key makes enqueueing it twice harmless. */
export function deliverJob(
  payload: DeliverJobPayload,
  runAt?: Date,
  key = `${DELIVER_JOB}:${payload.delivery_id}:${payload.attempt}`,
): { type: string; payload: Record<string, unknown>; options: EnqueueOptions } {
  return {
    type: DELIVER_JOB,
    payload: { ...payload },
    options: { idempotencyKey: key, runAt, maxAttempts: 3 },
  };
}

export interface Fact {
  type: EventType | 'webhook.ping';
  /** The event-specific part of the body (`data`), documented per type in docs/webhooks.md. */
  data: Record<string, unknown>;
  /**
   * The fact's own stable id, e.g. `registration.created:<registration id>`: publishing the
   * same fact again (a retried transaction, a re-run job) records no second delivery.
   */
  eventId: string;
}

/** Rows per multi-row insert: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 200;

export type Publisher = ReturnType<typeof createPublisher>;

/**
 * The webhooks outbox. `publish` records one delivery row per enabled subscription that
 * wants the fact's type, and the job that sends it, with the executor it is given: pass
 * the transaction that writes the fact, and the fact and its deliveries commit together
 * (or neither does). Nothing is sent here; the job thread sends, so a slow or failing
 * receiver never holds up the caller.
 */
export function createPublisher(deps: { db: Kysely<Database>; clock: Clock; jobs: Jobs }) {
  const { clock, jobs } = deps;

  async function publishMany(
    executor: Kysely<Database>,
    facts: Fact[],
    only?: { subscriptionId: string },
  ): Promise<string[]> {
    if (facts.length === 0) return [];
    let query = executor
      .selectFrom('webhook_subscriptions')
      .select(['id', 'event_types'])
      .where('enabled', '=', 1);
    if (only) query = query.where('id', '=', only.subscriptionId);
    const subscriptions = await query.execute();
    if (subscriptions.length === 0) return [];
    const at = clock.now().toISOString();
    const rows: Database['webhook_deliveries'][] = [];
    for (const sub of subscriptions) {
      const wanted = new Set(JSON.parse(sub.event_types) as string[]);
      for (const fact of facts) {
        if (!only && !wanted.has(fact.type)) continue;
        const id = newId(clock.now().getTime());
        rows.push({
          id,
          subscription_id: sub.id,
          event_type: fact.type,
          event_key: fact.eventId,
          // Standard Webhooks' body shape: type, timestamp, data.
          payload: JSON.stringify({ type: fact.type, timestamp: at, data: fact.data }),
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
          last_status_code: null,
          last_error: null,
          created_at: at,
          updated_at: at,
        });
      }
    }
    const inserted: string[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const written = await executor
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.columns(['subscription_id', 'event_key']).doNothing())
        .returning('id')
        .execute();
      inserted.push(...written.map((r) => r.id));
      await jobs.enqueueMany(
        executor,
        written.map((r) => deliverJob({ delivery_id: r.id, attempt: 1 })),
      );
    }
    return inserted;
  }

  return {
    /**
     * Records the deliveries of one fact (see createPublisher). `executor` is the
     * transaction of the fact; without one the deliveries are written on their own.
     */
    publish(
      type: Fact['type'],
      data: Record<string, unknown>,
      options: { eventId: string; executor?: Kysely<Database> },
    ): Promise<string[]> {
      return publishMany(options.executor ?? deps.db, [{ type, data, eventId: options.eventId }]);
    },
    /** Several facts in a few statements (a batch of registrations, an event's attendance). */
    publishMany,
  };
}
