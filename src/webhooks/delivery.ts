import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { recordAudit } from '../audit/audit.js';
import { type Clock, systemClock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import type { Jobs } from '../jobs/jobs.js';
import { withoutControlChars } from '../validation.js';
import { DestinationRefused, type ResolvedDestination, resolveDestination } from './network.js';
import { type DeliverJobPayload, deliverJob } from './publish.js';
import { MAX_ATTEMPTS, retryDelayMs, shouldDisable } from './schedule.js';

export const USER_AGENT = 'LeadCast-Webhooks/1';
/** Bytes of the receiver's answer kept per attempt (the excerpt is shown in the log). */
const EXCERPT_BYTES = 1024;
const EXCERPT_CHARS = 300;

export interface AttemptResult {
  statusCode: number | null;
  excerpt: string | null;
  error: string | null;
  durationMs: number;
  succeeded: boolean;
}

export interface WebhookSettings {
  allowPrivateNetworks: boolean;
  timeoutMs: number;
  concurrencyPerDestination: number;
}

/**
 * One signed POST. Connects to `destination` (the address resolveDestination checked),
 * while TLS and the Host header still name the URL's host. Never follows redirects; any
 * 2xx is success. The whole attempt — connect, send, answer — is bounded by `timeoutMs`.
 */
export function sendSigned(req: {
  url: URL;
  destination: ResolvedDestination;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}): Promise<AttemptResult> {
  const started = performance.now();
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const { address, family } = req.destination;
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: unknown[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: Math.round(performance.now() - started) });
    };
    const client = req.url.protocol === 'https:' ? https : http;
    const request = client.request(req.url, {
      method: 'POST',
      lookup: pinned,
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(req.body)),
        'user-agent': USER_AGENT,
        ...req.headers,
      },
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({
        statusCode: null,
        excerpt: null,
        error: `No answer within ${req.timeoutMs} ms`,
        succeeded: false,
      });
    }, req.timeoutMs);
    request.on('error', (err) =>
      finish({ statusCode: null, excerpt: null, error: err.message.slice(0, 300), succeeded: false }),
    );
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
        const excerpt = withoutControlChars(text).trim().slice(0, EXCERPT_CHARS);
        const code = res.statusCode ?? 0;
        finish({
          statusCode: code,
          excerpt: excerpt || null,
          error: null,
          succeeded: code >= 200 && code < 300,
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= EXCERPT_BYTES) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    request.end(req.body);
  });
}

type DeliveryWithSubscription = Awaited<ReturnType<typeof loadDelivery>>;

/**
 * The secrets a delivery is signed with: the current one, and while a rotation's grace
 * period lasts the one before it. Standard Webhooks sends several signatures space-separated
 * in `webhook-signature`; a receiver accepts the request when any of them verifies.
 */
export function signingSecrets(
  sub: { secret: string; previous_secret: string | null; previous_secret_expires_at: string | null },
  now: Date,
): string[] {
  const previousValid =
    sub.previous_secret !== null &&
    sub.previous_secret_expires_at !== null &&
    sub.previous_secret_expires_at > now.toISOString();
  return previousValid ? [sub.secret, sub.previous_secret!] : [sub.secret];
}

const loadDelivery = (db: Kysely<Database>, id: string) =>
  db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .select([
      'd.id',
      'd.subscription_id',
      'd.payload',
      'd.status',
      'd.attempts',
      's.url',
      's.secret',
      's.previous_secret',
      's.previous_secret_expires_at',
      's.enabled',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();

/**
 * The job handler of `webhook.deliver`: one attempt of one delivery. Idempotent per
 * (delivery, attempt): a job for an attempt already recorded, or for a delivery no longer
 * pending, does nothing; a crash after the request went out and before the result was
 * recorded sends the same attempt again with the same `webhook-id`, which is what the
 * receiver deduplicates on. Retries are scheduled here (schedule.ts), not by the queue's
 * own backoff, so they carry jitter and the webhooks' own longer schedule.
 */
export function createDeliveryHandler(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: Jobs;
  settings: WebhookSettings;
  logger?: FastifyBaseLogger;
  /** Real time for the signature's timestamp (receivers compare it with their own clock). */
  wallClock?: Clock;
}) {
  const { db, clock, jobs, settings } = deps;
  const wallClock = deps.wallClock ?? systemClock;
  /** Requests in flight per destination (host and port), in this process. */
  const inFlight = new Map<string, number>();

  async function record(
    delivery: NonNullable<DeliveryWithSubscription>,
    job: DeliverJobPayload,
    startedAt: Date,
    result: AttemptResult,
  ) {
    const now = clock.now();
    const at = now.toISOString();
    const delay = result.succeeded || job.manual ? null : retryDelayMs(job.attempt);
    const status = result.succeeded ? 'succeeded' : delay === null ? 'failed' : 'pending';
    await db.transaction().execute(async (trx) => {
      // Another run of the same attempt (a worker that was presumed dead) may have recorded it.
      const updated = await trx
        .updateTable('webhook_deliveries')
        .set({
          status,
          attempts: job.attempt,
          next_attempt_at: delay === null ? null : new Date(now.getTime() + delay).toISOString(),
          last_status_code: result.statusCode,
          last_error: result.error,
          updated_at: at,
        })
        .where('id', '=', delivery.id)
        .where('status', '=', 'pending')
        .where('attempts', '<', job.attempt)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return;
      await trx
        .insertInto('webhook_attempts')
        .values({
          id: newId(startedAt.getTime()),
          delivery_id: delivery.id,
          subscription_id: delivery.subscription_id,
          attempt: job.attempt,
          manual: job.manual ? 1 : 0,
          started_at: startedAt.toISOString(),
          duration_ms: result.durationMs,
          status_code: result.statusCode,
          response_excerpt: result.excerpt,
          error: result.error,
          succeeded: result.succeeded ? 1 : 0,
        })
        .execute();
      if (result.succeeded) {
        await trx
          .updateTable('webhook_subscriptions')
          .set({ consecutive_failures: 0, failing_since: null })
          .where('id', '=', delivery.subscription_id)
          .execute();
        return;
      }
      await trx
        .updateTable('webhook_subscriptions')
        .set((eb) => ({
          consecutive_failures: eb('consecutive_failures', '+', 1),
          failing_since: eb.fn.coalesce('failing_since', eb.val(startedAt.toISOString())),
        }))
        .where('id', '=', delivery.subscription_id)
        .execute();
      const sub = await trx
        .selectFrom('webhook_subscriptions')
        .select(['enabled', 'consecutive_failures', 'failing_since'])
        .where('id', '=', delivery.subscription_id)
        .executeTakeFirstOrThrow();
      if (sub.enabled === 1 && shouldDisable(sub.consecutive_failures, sub.failing_since, now)) {
        await trx
          .updateTable('webhook_subscriptions')
          .set({ enabled: 0, disabled_reason: 'failing', disabled_at: at, updated_at: at })
          .where('id', '=', delivery.subscription_id)
          .execute();
        await recordAudit(trx, clock, {
          actorType: 'system',
          actorId: null,
          action: 'webhook.subscription_disabled',
          targetType: 'webhook_subscription',
          targetId: delivery.subscription_id,
          details: {
            reason: 'failing',
            consecutive_failures: sub.consecutive_failures,
            failing_since: sub.failing_since,
          },
        });
        deps.logger?.warn(
          { subscription: delivery.subscription_id, failures: sub.consecutive_failures },
          'webhook subscription disabled after sustained failure',
        );
        // Its pending deliveries stop here; an admin can redeliver them after enabling it again.
        await trx
          .updateTable('webhook_deliveries')
          .set({ status: 'cancelled', next_attempt_at: null, updated_at: at })
          .where('subscription_id', '=', delivery.subscription_id)
          .where('status', '=', 'pending')
          .execute();
        return;
      }
      if (status === 'pending' && delay !== null) {
        const next = deliverJob(
          { delivery_id: delivery.id, attempt: job.attempt + 1 },
          new Date(now.getTime() + delay),
        );
        await jobs.enqueue(trx, next.type, next.payload, next.options);
      }
    });
  }

  return async (raw: Record<string, unknown>): Promise<void> => {
    const job = raw as unknown as DeliverJobPayload;
    const delivery = await loadDelivery(db, job.delivery_id);
    if (delivery?.status !== 'pending' || delivery.attempts >= job.attempt) return;
    const at = clock.now().toISOString();
    if (delivery.enabled !== 1) {
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'cancelled', next_attempt_at: null, updated_at: at })
        .where('id', '=', delivery.id)
        .where('status', '=', 'pending')
        .execute();
      return;
    }
    const url = new URL(delivery.url);
    const destination = url.host;
    const busy = inFlight.get(destination) ?? 0;
    if (busy >= settings.concurrencyPerDestination) {
      // The destination has enough requests open: try this attempt again in 1–3 s instead
      // of holding a place in the job batch.
      const deferrals = (job.deferrals ?? 0) + 1;
      const again = deliverJob(
        { ...job, deferrals },
        new Date(clock.now().getTime() + 1000 + Math.floor(Math.random() * 2000)),
        `${deliverJob(job).options.idempotencyKey}:${job.manual ? 'm' : 'a'}:d${deferrals}`,
      );
      await jobs.enqueue(db, again.type, again.payload, again.options);
      return;
    }
    inFlight.set(destination, busy + 1);
    const startedAt = clock.now();
    let result: AttemptResult;
    try {
      const t0 = performance.now();
      try {
        // Checked again at every attempt: the name may resolve elsewhere now (DNS rebinding).
        const resolved = await resolveDestination(url, settings.allowPrivateNetworks);
        const timestamp = wallClock.now();
        const signature = signingSecrets(delivery, clock.now())
          .map((secret) => new Webhook(secret).sign(delivery.id, timestamp, delivery.payload))
          .join(' ');
        result = await sendSigned({
          url,
          destination: resolved,
          body: delivery.payload,
          timeoutMs: settings.timeoutMs,
          headers: {
            'webhook-id': delivery.id,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signature,
          },
        });
      } catch (err) {
        if (!(err instanceof DestinationRefused)) throw err;
        result = {
          statusCode: null,
          excerpt: null,
          error: `Refused: ${err.message}`,
          succeeded: false,
          durationMs: Math.round(performance.now() - t0),
        };
      }
    } finally {
      const left = (inFlight.get(destination) ?? 1) - 1;
      if (left > 0) inFlight.set(destination, left);
      else inFlight.delete(destination);
    }
    await record(delivery, job, startedAt, result);
  };
}

export { MAX_ATTEMPTS };
