import { z } from 'zod';
import { isValidTimeZone } from '../events/time.js';
import { emailAddress, timestamp, timeZone } from '../http/formats.js';
import { line, multiline } from '../validation.js';
import { assignmentFields } from './assignment.js';
import { stages } from './lifecycle.js';
import { engagementFacts, fitFacts, ruleSetSchema } from './rules.js';
import { segments } from './segments.js';

/** Empty text means "not known". */
const optionalText = (max: number) =>
  line(max)
    .nullable()
    .optional()
    .transform((v) => v || null);

export { ruleSetSchema };

export const stageInput = z.strictObject({
  to: z.enum(stages),
  amount: z.number().int('leads.error.whole_amount').min(1).max(1_000_000_000_000).nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'leads.error.currency')
    .nullable()
    .optional(),
  reason: multiline(500).nullable().optional(),
});

export const ownerInput = z.strictObject({ owner_id: line(40).min(1).nullable() });

export const profileInput = z.strictObject({
  industry: optionalText(60),
  company_size: optionalText(60),
  purchase_timeline: optionalText(60),
  budget: optionalText(60),
  region: optionalText(60),
});

export const touchInput = z.strictObject({
  kind: z.enum(['call', 'email', 'note']),
  outcome: optionalText(60),
  note: multiline(2000).default(''),
});

export const listQuery = z.object({
  event_id: line(40).min(1).optional(),
  stage: z.enum(stages).optional(),
  min_score: z.coerce.number().int().min(0).max(1000).optional(),
  max_score: z.coerce.number().int().min(0).max(1000).optional(),
  /** A teammate's id, or `me`. */
  owner: line(40).min(1).optional(),
  company: line(120).min(1).optional(),
  q: line(120).min(1).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(25),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'leads.error.hhmm');

export const eventSettingsInput = z.strictObject({
  sla_hours: z.number().int().min(1).max(720),
  working_hours: z
    .strictObject({ start: hhmm, end: hhmm })
    .refine((w) => w.start < w.end, { message: 'leads.error.day_order', path: ['end'] })
    .nullable(),
  assignment_rules: z
    .array(
      z.strictObject({
        field: z.enum(assignmentFields),
        in: z.array(line(120).min(1)).min(1).max(200),
        owner_id: line(40).min(1),
      }),
    )
    .max(50),
});

export const ownerSettingsInput = z.strictObject({
  time_zone: z.string().max(64).refine(isValidTimeZone, 'field.timezone'),
  in_pool: z.boolean(),
});

export const segmentParams = z.object({ id: z.string(), segment: z.enum(segments) });

// ---- responses

const breakdownLine = z.object({ fact: z.string(), points: z.number().int(), text: z.string() });
const stageEnum = z.enum(stages);

export const leadSummary = z.object({
  contact_id: z.string(),
  name: z.string(),
  email: emailAddress,
  company: z.string().nullable(),
  job_title: z.string().nullable(),
  score: z.number().int(),
  breakdown: z.array(breakdownLine),
  stage: stageEnum,
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  mql_at: timestamp.nullable(),
  scored_at: timestamp,
  stage_changed_at: timestamp,
});
export const leadListResponse = z.object({ leads: z.array(leadSummary), total: z.number().int() });

const rescoreView = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'superseded']),
  rules_version: z.number().int(),
  total: z.number().int(),
  done: z.number().int(),
  started_at: timestamp,
  finished_at: timestamp.nullable(),
});
export const rescoreResponse = z.object({ rescore: rescoreView });
const ruleView = z.object({
  fact: z.enum([...fitFacts, ...engagementFacts]),
  in: z.array(z.string()).optional(),
  at_least: z.number().int().optional(),
  each: z.number().int().optional(),
  max_points: z.number().int().optional(),
  points: z.number().int(),
  label: z.string().optional(),
});
export const rulesResponse = z.object({
  rules: z.object({
    mql_threshold: z.number().int(),
    engagement_full: z.number().int(),
    rules: z.array(ruleView),
  }),
  version: z.number().int(),
  updated_at: timestamp.nullable(),
  rescore: rescoreView.nullable(),
});

const profileView = z.object({
  industry: z.string().nullable(),
  company_size: z.string().nullable(),
  purchase_timeline: z.string().nullable(),
  budget: z.string().nullable(),
  region: z.string().nullable(),
});
const touchView = z.object({
  id: z.string(),
  user_id: z.string().nullable(),
  kind: z.enum(['call', 'email', 'note']),
  outcome: z.string().nullable(),
  note: z.string(),
  at: timestamp,
});
export const touchResponse = z.object({ touch: touchView });
const assignmentView = z.object({
  event_id: z.string(),
  owner_id: z.string(),
  assigned_at: timestamp,
  due_at: timestamp,
  first_touch_at: timestamp.nullable(),
  overdue_at: timestamp.nullable(),
});
export const leadDetailResponse = z.object({
  lead: leadSummary.extend({ mql_facts: z.array(breakdownLine).nullable(), rules_version: z.number().int() }),
  contact: z.object({
    id: z.string(),
    name: z.string(),
    email: emailAddress,
    phone: z.string().nullable(),
    company: z.string().nullable(),
    job_title: z.string().nullable(),
    created_at: timestamp,
  }),
  profile: profileView,
  registrations: z.array(
    z.object({
      id: z.string(),
      event_id: z.string(),
      event_title: z.string(),
      status: z.enum(['active', 'revoked']),
      channel: z.string().nullable(),
      engagement: z.number().int().nullable(),
      minutes_live: z.number().int(),
      minutes_replay: z.number().int(),
      created_at: timestamp,
    }),
  ),
  interactions: z.array(z.object({ id: z.string(), event_id: z.string(), type: z.string(), at: timestamp })),
  history: z.array(
    z.object({
      id: z.string(),
      from_stage: stageEnum.nullable(),
      to_stage: stageEnum,
      amount: z.number().int().nullable(),
      currency: z.string().nullable(),
      reason: z.string().nullable(),
      actor_type: z.enum(['user', 'token', 'system']),
      actor_id: z.string().nullable(),
      at: timestamp,
    }),
  ),
  touches: z.array(touchView),
  assignments: z.array(assignmentView),
  next_stages: z.array(stageEnum),
});

export const myLeadsResponse = z.object({
  now: timestamp,
  leads: z.array(
    z.object({
      event_id: z.string(),
      event_title: z.string(),
      contact_id: z.string(),
      name: z.string(),
      email: emailAddress,
      company: z.string().nullable(),
      job_title: z.string().nullable(),
      score: z.number().int(),
      stage: stageEnum,
      assigned_at: timestamp,
      due_at: timestamp,
      first_touch_at: timestamp.nullable(),
      overdue_at: timestamp.nullable(),
      is_overdue: z.boolean(),
    }),
  ),
});

export const eventSettingsResponse = z.object({
  settings: z.object({
    sla_hours: z.number().int(),
    working_hours: z.object({ start: z.string(), end: z.string() }).nullable(),
    assignment_rules: z.array(
      z.object({
        field: z.enum(assignmentFields),
        in: z.array(z.string()),
        owner_id: z.string(),
        /** The owner's name; null once they have left the team. */
        owner_name: z.string().nullable(),
      }),
    ),
  }),
});
export const ownersResponse = z.object({
  owners: z.array(
    z.object({
      user_id: z.string(),
      name: z.string(),
      role: z.enum(['admin', 'member', 'sales']),
      time_zone: timeZone.nullable(),
      in_pool: z.boolean(),
    }),
  ),
});
export const handoffResponse = z.object({ assigned: z.number().int() });
export const slaResponse = z.object({
  sla: z.object({
    assigned: z.number().int(),
    followed_up: z.number().int(),
    followed_up_in_time: z.number().int(),
    overdue: z.number().int(),
    percent_in_time: z.number().nullable(),
    median_minutes_to_first_touch: z.number().int().nullable(),
  }),
});
export const segmentResponse = z.object({
  segment: z.enum(segments),
  contacts: z.array(
    z.object({
      contact_id: z.string(),
      email: emailAddress,
      name: z.string(),
      company: z.string().nullable(),
    }),
  ),
});
