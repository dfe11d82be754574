import type { Kysely } from 'kysely';
import { index, table } from './build.js';

/** The event project room: teams, SOP templates, event plans and their tasks, digest preferences. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await table(
    db,
    'sop_teams',
    ['event_id'],
    [
      ['event_id', 'text'],
      ['owner_id', 'text', false],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'sop_team_members',
    ['event_id', 'group_name', 'user_id'],
    [
      ['event_id', 'text'],
      ['group_name', 'text'],
      ['user_id', 'text'],
      ['is_lead', 'integer'],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'sop_team_members_user', 'sop_team_members', ['user_id']);
  await table(
    db,
    'sop_templates',
    ['id'],
    [
      ['id', 'text'],
      ['name', 'text'],
      ['description', 'text'],
      ['locale', 'text'],
      ['version', 'integer'],
      ['source_event_id', 'text', false],
      ['created_by', 'text', false],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'sop_template_stages',
    ['id'],
    [
      ['id', 'text'],
      ['template_id', 'text'],
      ['phase', 'text'],
      ['title', 'text'],
      ['position', 'integer'],
    ],
  );
  await index(db, 'sop_template_stages_template', 'sop_template_stages', ['template_id']);
  await table(
    db,
    'sop_template_tasks',
    ['id'],
    [
      ['id', 'text'],
      ['template_id', 'text'],
      ['stage_id', 'text'],
      ['position', 'integer'],
      ['title', 'text'],
      ['description', 'text'],
      ['responsible', 'text'],
      ['deliverable', 'text'],
      ['metric', 'text'],
      ['offset_days', 'integer'],
      ['due_time', 'text', false],
      ['evidence', 'text', false],
    ],
  );
  await index(db, 'sop_template_tasks_template', 'sop_template_tasks', ['template_id']);
  await table(
    db,
    'sop_plans',
    ['event_id'],
    [
      ['event_id', 'text'],
      ['template_id', 'text'],
      ['template_name', 'text'],
      ['template_version', 'integer'],
      ['locale', 'text'],
      ['anchor_starts_at', 'text'],
      ['anchor_timezone', 'text'],
      ['applied_by', 'text', false],
      ['applied_at', 'text'],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'sop_tasks',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['template_task_id', 'text', false],
      ['phase', 'text'],
      ['stage_title', 'text'],
      ['stage_position', 'integer'],
      ['position', 'integer'],
      ['title', 'text'],
      ['description', 'text'],
      ['responsible', 'text'],
      ['deliverable', 'text'],
      ['metric', 'text'],
      ['offset_days', 'integer'],
      ['due_time', 'text', false],
      ['due_at', 'text'],
      ['evidence', 'text', false],
      ['evidence_note', 'text', false],
      ['status', 'text'],
      ['status_reason', 'text', false],
      ['assignee_id', 'text', false],
      ['completed_at', 'text', false],
      ['completed_by', 'text', false],
      ['version', 'integer'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  );
  await index(db, 'sop_tasks_event', 'sop_tasks', ['event_id', 'due_at']);
  await index(db, 'sop_tasks_assignee', 'sop_tasks', ['assignee_id', 'status']);
  await table(
    db,
    'sop_task_comments',
    ['id'],
    [
      ['id', 'text'],
      ['task_id', 'text'],
      ['author_id', 'text', false],
      ['body', 'text'],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'sop_task_comments_task', 'sop_task_comments', ['task_id']);
  await table(
    db,
    'sop_task_attachments',
    ['id'],
    [
      ['id', 'text'],
      ['task_id', 'text'],
      ['kind', 'text'],
      ['label', 'text'],
      ['url', 'text', false],
      ['file_id', 'text', false],
      ['created_by', 'text', false],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'sop_task_attachments_task', 'sop_task_attachments', ['task_id']);
  await table(
    db,
    'sop_digest_preferences',
    ['user_id'],
    [
      ['user_id', 'text'],
      ['daily_digest', 'integer'],
      ['updated_at', 'text'],
    ],
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'sop_digest_preferences',
    'sop_task_attachments',
    'sop_task_comments',
    'sop_tasks',
    'sop_plans',
    'sop_template_tasks',
    'sop_template_stages',
    'sop_templates',
    'sop_team_members',
    'sop_teams',
  ])
    await db.schema.dropTable(name).execute();
}
