/** What the API answers for the project room, and the zod schemas of those answers (OpenAPI). */
import { z } from 'zod';
import { fileUrl } from '../files/files.js';
import { timestamp, timeZone } from '../http/formats.js';
import { formatOffset } from './plan/due.js';
import type { EvidenceRegistry } from './plan/evidence.js';
import type { TaskRow } from './plan/plan.js';
import { riskOf } from './plan/readiness.js';
import { evidenceKey, group, locale, phase, responsible, taskStatus } from './schemas.js';
import type { Team } from './team.js';
import type { Template } from './templates/templates.js';

const role = z.enum(['admin', 'member', 'sales']);
const nullableString = z.string().nullable();

export const teamSchema = z.object({
  event_id: z.string(),
  owner: z.object({ user_id: z.string(), name: z.string() }).nullable(),
  members: z.array(z.object({ group, user_id: z.string(), name: z.string(), role, is_lead: z.boolean() })),
  can_manage: z.boolean(),
});

export const taskSchema = z.object({
  id: z.string(),
  event_id: z.string(),
  template_task_id: nullableString,
  phase,
  stage: z.string(),
  stage_position: z.number(),
  position: z.number(),
  title: z.string(),
  description: z.string(),
  responsible,
  deliverable: z.string(),
  metric: z.string(),
  offset_days: z.number(),
  t_label: z.string(),
  due_time: nullableString,
  due_at: timestamp,
  status: taskStatus,
  status_reason: nullableString,
  assignee_id: nullableString,
  assignee_name: nullableString,
  completed_at: timestamp.nullable(),
  completed_by: nullableString,
  evidence: z
    .object({
      key: evidenceKey,
      /** False: LeadCast cannot see this fact yet, people tick the task. */
      automatic: z.boolean(),
      note: nullableString,
    })
    .nullable(),
  risk: z.enum(['overdue', 'due_soon']).nullable(),
  version: z.number(),
  updated_at: timestamp,
});
export type TaskView = z.output<typeof taskSchema>;

export function taskView(
  row: TaskRow,
  ctx: { names: Map<string, string>; evidence: EvidenceRegistry; now: Date },
): TaskView {
  return {
    id: row.id,
    event_id: row.event_id,
    template_task_id: row.template_task_id,
    phase: row.phase,
    stage: row.stage_title,
    stage_position: row.stage_position,
    position: row.position,
    title: row.title,
    description: row.description,
    responsible: row.responsible,
    deliverable: row.deliverable,
    metric: row.metric,
    offset_days: row.offset_days,
    t_label: formatOffset(row.offset_days),
    due_time: row.due_time,
    due_at: row.due_at,
    status: row.status,
    status_reason: row.status_reason,
    assignee_id: row.assignee_id,
    assignee_name: row.assignee_id ? (ctx.names.get(row.assignee_id) ?? null) : null,
    completed_at: row.completed_at,
    completed_by: row.completed_by,
    evidence: row.evidence
      ? { key: row.evidence, automatic: ctx.evidence.has(row.evidence), note: row.evidence_note }
      : null,
    risk: riskOf(row, ctx.now),
    version: row.version,
    updated_at: row.updated_at,
  };
}

export const planSchema = z.object({
  template_id: z.string(),
  template_name: z.string(),
  template_version: z.number(),
  locale,
  applied_by: nullableString,
  applied_at: timestamp,
});

const progress = z.object({ key: z.string(), total: z.number(), closed: z.number() });
export const readinessSchema = z.object({
  total: z.number(),
  closed: z.number(),
  phases: z.array(progress),
  groups: z.array(progress),
  at_risk: z.array(z.object({ task_id: z.string(), reason: z.enum(['overdue', 'due_soon']) })),
  ready_to_go_live: z.boolean(),
  open_before_start: z.number(),
});

export const timelineDaySchema = z.object({ offset: z.number(), date: z.string(), label: z.string() });

export const planResponse = z.object({
  plan: planSchema.nullable(),
  event: z.object({ id: z.string(), title: z.string(), starts_at: timestamp, timezone: timeZone }),
  tasks: z.array(taskSchema),
  readiness: readinessSchema,
  timeline: z.object({ days: z.array(timelineDaySchema), today_offset: z.number() }),
  team: teamSchema,
});

export const changesSchema = z.object({
  added: z.array(
    z.object({
      template_task_id: z.string(),
      title: z.string(),
      responsible: z.string(),
      due_at: timestamp,
    }),
  ),
  changed: z.array(z.object({ task_id: z.string(), title: z.string(), fields: z.array(z.string()) })),
  removed: z.array(z.object({ task_id: z.string(), title: z.string() })),
  kept_closed: z.number(),
});

export const commentSchema = z.object({
  id: z.string(),
  author_id: nullableString,
  author_name: nullableString,
  body: z.string(),
  created_at: timestamp,
});
export const attachmentSchema = z.object({
  id: z.string(),
  kind: z.enum(['link', 'file']),
  label: z.string(),
  /** A link's address, or the site path of an uploaded file (`/files/…`). */
  href: z.string(),
  created_by: nullableString,
  created_at: timestamp,
});
export const attachmentView = (row: {
  id: string;
  kind: 'link' | 'file';
  label: string;
  url: string | null;
  file_id: string | null;
  created_by: string | null;
  created_at: string;
}) => ({
  id: row.id,
  kind: row.kind,
  label: row.label,
  href: row.kind === 'file' ? (fileUrl(row.file_id) ?? '') : (row.url ?? ''),
  created_by: row.created_by,
  created_at: row.created_at,
});

export const taskDetailResponse = z.object({
  task: taskSchema,
  comments: z.array(commentSchema),
  attachments: z.array(attachmentSchema),
});

export const myTaskSchema = taskSchema.extend({
  event_title: z.string(),
  event_starts_at: timestamp,
  event_timezone: timeZone,
});

const templateTaskSchema = z.object({
  id: z.string(),
  position: z.number(),
  title: z.string(),
  description: z.string(),
  responsible,
  deliverable: z.string(),
  metric: z.string(),
  offset_days: z.number(),
  t_label: z.string(),
  due_time: nullableString,
  evidence: evidenceKey.nullable(),
});
export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  locale,
  version: z.number(),
  builtin: z.boolean(),
  source_event_id: nullableString,
  updated_at: timestamp.nullable(),
  stages: z.array(
    z.object({
      id: z.string(),
      phase,
      title: z.string(),
      position: z.number(),
      tasks: z.array(templateTaskSchema),
    }),
  ),
});
export const templateView = (t: Template) => ({
  ...t,
  stages: t.stages.map((s) => ({
    ...s,
    tasks: s.tasks.map((task) => ({ ...task, t_label: formatOffset(task.offset_days) })),
  })),
});
export const templateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  locale,
  version: z.number(),
  builtin: z.boolean(),
  task_count: z.number(),
  updated_at: timestamp.nullable(),
});

export const teamView = (team: Team, canManage: boolean) => ({ ...team, can_manage: canManage });
