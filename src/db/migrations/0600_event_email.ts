import type { Kysely } from 'kysely';
import { index, table } from './build.js';

/** Event email: plan steps, templates, step runs, per-recipient deliveries, contacts' opt-outs, suppressions, campaigns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await table(
    db,
    'mail_plan_steps',
    ['event_id', 'step'],
    [
      ['event_id', 'text'],
      ['step', 'text'],
      ['enabled', 'integer'],
      ['offset_minutes', 'integer', false],
      ['updated_by', 'text', false],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'mail_templates',
    ['event_id', 'step', 'locale'],
    [
      ['event_id', 'text'],
      ['step', 'text'],
      ['locale', 'text'],
      ['subject', 'text'],
      ['body', 'text'],
      ['updated_by', 'text', false],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'mail_step_runs',
    ['event_id', 'step'],
    [
      ['event_id', 'text'],
      ['step', 'text'],
      ['status', 'text'],
      ['recipients', 'integer'],
      ['started_at', 'text'],
      ['listed_at', 'text', false],
    ],
  );
  await table(
    db,
    'mail_deliveries',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['step', 'text'],
      ['registration_id', 'text'],
      ['to_address', 'text'],
      ['status', 'text'],
      ['attempts', 'integer'],
      ['last_error', 'text', false],
      ['run_at', 'text'],
      ['claimed_by', 'text', false],
      ['sent_at', 'text', false],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  );
  await index(db, 'mail_deliveries_due', 'mail_deliveries', ['status', 'run_at']);
  await index(db, 'mail_deliveries_event', 'mail_deliveries', ['event_id', 'step', 'status']);
  await table(
    db,
    'mail_contacts',
    ['contact_id'],
    [
      ['contact_id', 'text'],
      ['unsubscribe_token', 'text'],
      ['unsubscribed_at', 'text', false],
      ['created_at', 'text'],
    ],
  );
  await db.schema
    .createIndex('mail_contacts_token')
    .unique()
    .on('mail_contacts')
    .column('unsubscribe_token')
    .execute();
  await table(
    db,
    'mail_suppressions',
    ['email'],
    [
      ['email', 'text'],
      ['reason', 'text'],
      ['note', 'text'],
      ['created_by', 'text', false],
      ['created_at', 'text'],
    ],
  );
  await table(
    db,
    'mail_campaigns',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['name', 'text'],
      ['audience', 'text'],
      ['status', 'text'],
      ['send_at', 'text', false],
      ['created_by', 'text', false],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  );
  await index(db, 'mail_campaigns_event', 'mail_campaigns', ['event_id']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'mail_campaigns',
    'mail_suppressions',
    'mail_contacts',
    'mail_deliveries',
    'mail_step_runs',
    'mail_templates',
    'mail_plan_steps',
  ])
    await db.schema.dropTable(name).execute();
}
