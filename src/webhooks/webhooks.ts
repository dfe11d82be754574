import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError, invalidState, notFound } from '../errors.js';
import type { Actor } from '../events/events.js';
import { newId } from '../ids.js';
import type { Jobs } from '../jobs/jobs.js';
import type { WebhookSettings } from './delivery.js';
import { PING_TYPE } from './event-types.js';
import { DestinationRefused, resolveDestination } from './network.js';
import { deliverJob, type Publisher } from './publish.js';
import type { DeliveriesQuery, SubscriptionInput, SubscriptionPatch } from './schemas.js';

export type SubscriptionRow = Database['webhook_subscriptions'];
export type DeliveryRow = Database['webhook_deliveries'];
export type AttemptRow = Database['webhook_attempts'];
export type Webhooks = ReturnType<typeof createWebhooks>;

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** How long the secret replaced by a rotation still signs deliveries beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;

export const subscriptionView = (row: SubscriptionRow, now: Date) => ({
  id: row.id,
  url: row.url,
  event_types: JSON.parse(row.event_types) as string[],
  description: row.description,
  enabled: row.enabled === 1,
  disabled_reason: row.disabled_reason as 'failing' | 'manual' | null,
  disabled_at: row.disabled_at,
  consecutive_failures: row.consecutive_failures,
  failing_since: row.failing_since,
  /** Until when the secret before the last rotation still signs deliveries; null when none does. */
  previous_secret_expires_at:
    row.previous_secret &&
    row.previous_secret_expires_at &&
    row.previous_secret_expires_at > now.toISOString()
      ? row.previous_secret_expires_at
      : null,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const deliveryView = (row: DeliveryRow) => ({
  id: row.id,
  subscription_id: row.subscription_id,
  event_type: row.event_type,
  status: row.status,
  attempts: row.attempts,
  next_attempt_at: row.next_attempt_at,
  last_status_code: row.last_status_code,
  last_error: row.last_error,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const attemptView = (row: AttemptRow) => ({
  attempt: row.attempt,
  manual: row.manual === 1,
  started_at: row.started_at,
  duration_ms: row.duration_ms,
  status_code: row.status_code,
  response_excerpt: row.response_excerpt,
  error: row.error,
  succeeded: row.succeeded === 1,
});

/** Subscriptions, the delivery log, redelivery and the test ping (the console's and API's side). */
export function createWebhooks(deps: {
  db: Kysely<Database>;
  clock: Clock;
  jobs: Jobs;
  publisher: Publisher;
  settings: WebhookSettings;
}) {
  const { db, clock, jobs, publisher, settings } = deps;
  const now = () => clock.now().toISOString();
  const audit = (trx: Kysely<Database>, actor: Actor, action: string, id: string, details?: object) =>
    recordAudit(trx, clock, {
      ...actor,
      action,
      targetType: 'webhook_subscription',
      targetId: id,
      details: details as Record<string, unknown> | undefined,
    });

  /** The SSRF check when a destination is saved; checked again before every attempt. */
  async function checkDestination(url: string) {
    if (settings.allowPrivateNetworks) return;
    try {
      await resolveDestination(new URL(url), false);
    } catch (err) {
      if (!(err instanceof DestinationRefused)) throw err;
      const message =
        err.reason === 'private_address'
          ? 'This address points into a private network (or loopback, link-local, CGNAT…); webhooks go to public addresses only'
          : 'This host name does not resolve';
      throw new AppError('VALIDATION_FAILED', message, { fields: { url: message } });
    }
  }

  async function get(id: string): Promise<SubscriptionRow> {
    const row = await db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Webhook subscription');
    return row;
  }

  async function getDelivery(id: string): Promise<DeliveryRow> {
    const row = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Delivery');
    return row;
  }

  return {
    get,

    list: () =>
      db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute(),

    async create(actor: Actor, input: SubscriptionInput): Promise<SubscriptionRow> {
      await checkDestination(input.url);
      const at = now();
      const row: SubscriptionRow = {
        id: newId(clock.now().getTime()),
        url: input.url,
        event_types: JSON.stringify(input.event_types),
        description: input.description,
        secret: newWebhookSecret(),
        previous_secret: null,
        previous_secret_expires_at: null,
        enabled: input.enabled ? 1 : 0,
        disabled_reason: input.enabled ? null : 'manual',
        disabled_at: input.enabled ? null : at,
        consecutive_failures: 0,
        failing_since: null,
        created_by: actor.actorId,
        created_at: at,
        updated_at: at,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('webhook_subscriptions').values(row).execute();
        await audit(trx, actor, 'webhook.subscription_created', row.id, {
          url: row.url,
          event_types: input.event_types,
        });
      });
      return row;
    },

    async update(actor: Actor, id: string, patch: SubscriptionPatch): Promise<SubscriptionRow> {
      const current = await get(id);
      if (patch.url !== undefined && patch.url !== current.url) await checkDestination(patch.url);
      const at = now();
      const change: Partial<SubscriptionRow> = { updated_at: at };
      if (patch.url !== undefined) change.url = patch.url;
      if (patch.event_types !== undefined) change.event_types = JSON.stringify(patch.event_types);
      if (patch.description !== undefined) change.description = patch.description;
      if (patch.enabled === true && current.enabled !== 1)
        Object.assign(change, {
          enabled: 1,
          disabled_reason: null,
          disabled_at: null,
          consecutive_failures: 0,
          failing_since: null,
        });
      if (patch.enabled === false && current.enabled === 1)
        Object.assign(change, { enabled: 0, disabled_reason: 'manual', disabled_at: at });
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('webhook_subscriptions').set(change).where('id', '=', id).execute();
        const { updated_at: _, ...details } = change;
        await audit(trx, actor, 'webhook.subscription_updated', id, {
          ...details,
          ...(details.event_types ? { event_types: patch.event_types } : {}),
        });
      });
      return get(id);
    },

    /**
     * Issues a new signing secret. The one it replaces keeps signing deliveries beside the new
     * one for PREVIOUS_SECRET_HOURS, so receivers can switch over without refusing anything; a
     * rotation within that time drops the older secret at once (only one previous is kept).
     * The audit row names neither secret.
     */
    async rotateSecret(actor: Actor, id: string): Promise<SubscriptionRow> {
      const current = await get(id);
      const at = clock.now();
      const expires = new Date(at.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000).toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('webhook_subscriptions')
          .set({
            secret: newWebhookSecret(),
            previous_secret: current.secret,
            previous_secret_expires_at: expires,
            updated_at: at.toISOString(),
          })
          .where('id', '=', id)
          .execute();
        await audit(trx, actor, 'webhook.secret_rotated', id, { previous_secret_expires_at: expires });
      });
      return get(id);
    },

    /** Deletes the subscription with its log; queued attempts find nothing and do nothing. */
    async remove(actor: Actor, id: string): Promise<void> {
      const current = await get(id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('webhook_attempts').where('subscription_id', '=', id).execute();
        await trx.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
        await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
        await audit(trx, actor, 'webhook.subscription_deleted', id, { url: current.url });
      });
    },

    /** Queues a `webhook.ping` to this subscription only; answers with its delivery. */
    async ping(actor: Actor, id: string): Promise<DeliveryRow> {
      const sub = await get(id);
      if (sub.enabled !== 1) throw invalidState('This subscription is disabled; enable it first');
      const deliveryId = await db.transaction().execute(async (trx) => {
        const [written] = await publisher.publishMany(
          trx,
          [{ type: PING_TYPE, data: { subscription_id: id }, eventId: `${PING_TYPE}:${newId()}` }],
          { subscriptionId: id },
        );
        await audit(trx, actor, 'webhook.ping_sent', id, { delivery_id: written });
        return written;
      });
      if (!deliveryId) throw invalidState('This subscription is disabled; enable it first');
      return getDelivery(deliveryId);
    },

    async deliveries(query: DeliveriesQuery) {
      let base = db.selectFrom('webhook_deliveries');
      if (query.subscription_id) base = base.where('subscription_id', '=', query.subscription_id);
      if (query.status) base = base.where('status', '=', query.status);
      if (query.event_type) base = base.where('event_type', '=', query.event_type);
      const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
        .execute();
      return { rows, total: Number(total?.n ?? 0) };
    },

    async delivery(id: string) {
      const delivery = await getDelivery(id);
      const attempts = await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('delivery_id', '=', id)
        .orderBy('attempt')
        .orderBy('id')
        .execute();
      return { delivery, attempts };
    },

    /**
     * Sends a delivery again now, with the same `webhook-id` and body (receivers that
     * already have it can drop it). Not retried automatically if it fails. A delivery
     * waiting for an automatic retry is sent now; the scheduled retry then does nothing.
     */
    async redeliver(actor: Actor, id: string): Promise<DeliveryRow> {
      const delivery = await getDelivery(id);
      const sub = await get(delivery.subscription_id);
      if (sub.enabled !== 1) throw invalidState('This subscription is disabled; enable it first');
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('webhook_deliveries')
          .set({ status: 'pending', next_attempt_at: at, updated_at: at })
          .where('id', '=', id)
          .execute();
        const job = deliverJob(
          { delivery_id: id, attempt: delivery.attempts + 1, manual: true },
          undefined,
          `webhook.deliver:${id}:${delivery.attempts + 1}:manual:${newId()}`,
        );
        await jobs.enqueue(trx, job.type, job.payload, job.options);
        await audit(trx, actor, 'webhook.delivery_redelivered', sub.id, { delivery_id: id });
      });
      return getDelivery(id);
    },
  };
}
