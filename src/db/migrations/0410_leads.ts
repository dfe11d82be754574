import type { Kysely } from 'kysely';
import { index, table } from './build.js';

/**
 * Leads (src/leads): the score rules, one lead per contact with its score, breakdown and
 * stage, per-registration engagement, the stage history, sales touches, the 48-hour
 * hand-off (assignments, per-event SLA settings, owners' time zones) and re-score runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await table(
    db,
    'lead_settings',
    ['id'],
    [
      ['id', 'text'],
      ['rules', 'text'],
      ['version', 'integer'],
      ['updated_by', 'text', false],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'leads',
    ['contact_id'],
    [
      ['contact_id', 'text'],
      ['score', 'integer'],
      ['breakdown', 'text'],
      ['stage', 'text'],
      ['owner_id', 'text', false],
      ['mql_at', 'text', false],
      ['mql_facts', 'text', false],
      ['rules_version', 'integer'],
      ['scored_at', 'text'],
      ['stage_changed_at', 'text'],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'leads_stage', 'leads', ['stage', 'score']);
  await index(db, 'leads_owner', 'leads', ['owner_id']);
  await index(db, 'leads_score', 'leads', ['score']);
  await table(
    db,
    'lead_profiles',
    ['contact_id'],
    [
      ['contact_id', 'text'],
      ['industry', 'text', false],
      ['company_size', 'text', false],
      ['purchase_timeline', 'text', false],
      ['budget', 'text', false],
      ['region', 'text', false],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'lead_engagement',
    ['registration_id'],
    [
      ['registration_id', 'text'],
      ['event_id', 'text'],
      ['contact_id', 'text'],
      ['engagement', 'integer'],
      ['updated_at', 'text'],
    ],
  );
  await index(db, 'lead_engagement_event', 'lead_engagement', ['event_id']);
  await index(db, 'lead_engagement_contact', 'lead_engagement', ['contact_id']);
  await table(
    db,
    'lead_stage_history',
    ['id'],
    [
      ['id', 'text'],
      ['contact_id', 'text'],
      ['from_stage', 'text', false],
      ['to_stage', 'text'],
      ['amount', 'integer', false],
      ['currency', 'text', false],
      ['reason', 'text', false],
      ['actor_type', 'text'],
      ['actor_id', 'text', false],
      ['at', 'text'],
    ],
  );
  await index(db, 'lead_stage_history_contact', 'lead_stage_history', ['contact_id', 'at']);
  await table(
    db,
    'lead_touches',
    ['id'],
    [
      ['id', 'text'],
      ['contact_id', 'text'],
      ['user_id', 'text', false],
      ['kind', 'text'],
      ['outcome', 'text', false],
      ['note', 'text'],
      ['at', 'text'],
    ],
  );
  await index(db, 'lead_touches_contact', 'lead_touches', ['contact_id', 'at']);
  await table(
    db,
    'lead_assignments',
    ['event_id', 'contact_id'],
    [
      ['event_id', 'text'],
      ['contact_id', 'text'],
      ['owner_id', 'text'],
      ['assigned_at', 'text'],
      ['due_at', 'text'],
      ['first_touch_at', 'text', false],
      ['overdue_at', 'text', false],
    ],
  );
  await index(db, 'lead_assignments_owner', 'lead_assignments', ['owner_id', 'due_at']);
  await index(db, 'lead_assignments_contact', 'lead_assignments', ['contact_id']);
  await table(
    db,
    'lead_event_settings',
    ['event_id'],
    [
      ['event_id', 'text'],
      ['sla_hours', 'integer'],
      ['working_hours', 'text', false],
      ['assignment_rules', 'text'],
      ['updated_by', 'text', false],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'lead_owners',
    ['user_id'],
    [
      ['user_id', 'text'],
      ['time_zone', 'text'],
      ['in_pool', 'integer'],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'lead_rescores',
    ['id'],
    [
      ['id', 'text'],
      ['status', 'text'],
      ['rules_version', 'integer'],
      ['total', 'integer'],
      ['done', 'integer'],
      ['requested_by', 'text', false],
      ['started_at', 'text'],
      ['finished_at', 'text', false],
    ],
  );
  // Scoring reads watch time by registration; the room's own index is by event and viewer.
  await index(db, 'room_attendance_registration', 'room_attendance', ['registration_id']);
  // Referrals are counted per referring registration.
  await index(db, 'registrations_referred_by', 'registrations', ['referred_by']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('registrations_referred_by').execute();
  await db.schema.dropIndex('room_attendance_registration').execute();
  for (const name of [
    'lead_rescores',
    'lead_owners',
    'lead_event_settings',
    'lead_assignments',
    'lead_touches',
    'lead_stage_history',
    'lead_engagement',
    'lead_profiles',
    'leads',
    'lead_settings',
  ])
    await db.schema.dropTable(name).execute();
}
