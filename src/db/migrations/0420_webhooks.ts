import type { Kysely } from 'kysely';
import { index, table } from './build.js';

/**
 * Webhooks (issue 12 item 8): subscriptions, one delivery row per (subscription, fact) —
 * the outbox the publisher writes in the transaction of the fact — and one row per
 * attempt with its response code, a short body excerpt and its duration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await table(
    db,
    'webhook_subscriptions',
    ['id'],
    [
      ['id', 'text'],
      ['url', 'text'],
      /** JSON array of event types. */
      ['event_types', 'text'],
      ['description', 'text'],
      ['secret', 'text'],
      ['enabled', 'integer'],
      ['disabled_reason', 'text', false],
      ['disabled_at', 'text', false],
      ['consecutive_failures', 'integer'],
      ['failing_since', 'text', false],
      ['created_by', 'text', false],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'webhook_deliveries',
    ['id'],
    [
      ['id', 'text'],
      ['subscription_id', 'text'],
      ['event_type', 'text'],
      ['event_key', 'text'],
      ['payload', 'text'],
      ['status', 'text'],
      ['attempts', 'integer'],
      ['next_attempt_at', 'text', false],
      ['last_status_code', 'integer', false],
      ['last_error', 'text', false],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  );
  await db.schema
    .createIndex('webhook_deliveries_fact')
    .on('webhook_deliveries')
    .columns(['subscription_id', 'event_key'])
    .unique()
    .execute();
  await index(db, 'webhook_deliveries_by_subscription', 'webhook_deliveries', [
    'subscription_id',
    'created_at',
  ]);
  await index(db, 'webhook_deliveries_by_time', 'webhook_deliveries', ['created_at']);
  await table(
    db,
    'webhook_attempts',
    ['id'],
    [
      ['id', 'text'],
      ['delivery_id', 'text'],
      ['subscription_id', 'text'],
      ['attempt', 'integer'],
      ['manual', 'integer'],
      ['started_at', 'text'],
      ['duration_ms', 'integer'],
      ['status_code', 'integer', false],
      ['response_excerpt', 'text', false],
      ['error', 'text', false],
      ['succeeded', 'integer'],
    ],
  );
  await index(db, 'webhook_attempts_by_delivery', 'webhook_attempts', ['delivery_id', 'attempt']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_subscriptions').execute();
}
