import { z } from 'zod';
import { webUrl } from '../validation.js';
import { isDueTime, MAX_OFFSET, MIN_OFFSET } from './plan/due.js';
import { GROUPS, PHASES } from './tables.js';

// Messages are keys (src/i18n/messages.ts, src/sop/messages.ts), in the language of whoever asked.
const text = (max: number) => z.string().trim().max(max, 'field.too_long');
const required = (max: number) => text(max).min(1, 'field.required');
const id = z.string().trim().min(1, 'field.required').max(40);

export const group = z.enum(GROUPS);
export const responsible = z.enum(['owner', ...GROUPS]);
export const phase = z.enum(PHASES);
export const taskStatus = z.enum(['open', 'in_progress', 'done', 'not_applicable']);
export const evidenceKey = z.enum([
  'cover_uploaded',
  'speakers_added',
  'event_published',
  'rehearsal_received',
  'event_live',
  'replay_ready',
  'channel_created',
  'mqls_assigned',
]);
export const locale = z.enum(['en', 'zh-CN']);

const offsetDays = z
  .number({ error: 'sop.error.offset_days' })
  .int('sop.error.offset_days')
  .min(MIN_OFFSET, 'sop.error.offset_before')
  .max(MAX_OFFSET, 'sop.error.offset_after');
const dueTime = z.string().trim().refine(isDueTime, 'sop.error.due_time').nullable();

// ---- team ------------------------------------------------------------------

export const ownerInput = z.object({ user_id: id });
export const memberInput = z.object({ is_lead: z.boolean().default(false) });
export const removeMemberQuery = z.object({ reassign_to: id.optional() });

// ---- plan and tasks ----------------------------------------------------------

export const applyInput = z.object({
  template_id: id,
  /** Required when the event already has a plan: the team saw the preview and re-applies. */
  reapply: z.boolean().default(false),
});
export const previewInput = z.object({ template_id: id });

export const taskPatch = z
  .object({
    version: z.number({ error: 'sop.error.version' }).int().min(1),
    status: taskStatus.optional(),
    reason: text(500).optional(),
    assignee_id: id.nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.status === 'not_applicable' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'sop.error.reason' });
  });
export type TaskPatch = z.output<typeof taskPatch>;

export const commentInput = z.object({ body: required(4000) });
export const linkInput = z.object({
  label: required(200),
  url: webUrl(2000),
});

export const myTasksQuery = z.object({
  include_closed: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const digestPreference = z.object({ daily_digest: z.boolean() });

// ---- templates ---------------------------------------------------------------

export const templateCopyInput = z.object({
  from_id: id,
  name: required(200),
  locale: locale.default('en'),
});
export const templatePatch = z
  .object({ name: required(200).optional(), description: text(2000).optional() })
  .strict();
export const saveAsTemplateInput = z.object({ name: required(200), description: text(2000).default('') });

export const templateTaskInput = z.object({
  stage_id: id,
  position: z.number().int().min(0).max(1000).optional(),
  title: required(300),
  description: text(2000).default(''),
  responsible,
  deliverable: text(300).default(''),
  metric: text(300).default(''),
  offset_days: offsetDays,
  due_time: dueTime.default(null),
  evidence: evidenceKey.nullable().default(null),
});
export type TemplateTaskInput = z.output<typeof templateTaskInput>;

export const templateTaskPatch = z
  .object({
    stage_id: id.optional(),
    position: z.number().int().min(0).max(1000).optional(),
    title: required(300).optional(),
    description: text(2000).optional(),
    responsible: responsible.optional(),
    deliverable: text(300).optional(),
    metric: text(300).optional(),
    offset_days: offsetDays.optional(),
    due_time: dueTime.optional(),
    evidence: evidenceKey.nullable().optional(),
  })
  .strict();
export type TemplateTaskPatch = z.output<typeof templateTaskPatch>;
