import { z } from 'zod';
import { emailAddress, timestamp } from '../http/formats.js';
import { locales } from '../i18n/index.js';
import { line, multiline } from '../validation.js';
import { audienceSegments, campaignAudienceKinds } from './audience.js';
import { deliveryStatuses } from './delivery/log.js';
import { MAX_OFFSET_MINUTES } from './plan/plan.js';
import { STEPS } from './plan/steps.js';
import type { DeliveryStatus } from './tables.js';
import { MERGE_FIELDS } from './templates/merge.js';

export const step = z.enum(STEPS);
export const locale = z.enum(locales);
const status = z.enum(deliveryStatuses as [DeliveryStatus, ...DeliveryStatus[]]);
const counts = z.object(
  Object.fromEntries(deliveryStatuses.map((s) => [s, z.number().int()])) as Record<
    DeliveryStatus,
    z.ZodNumber
  >,
);

export const planStepInput = z
  .object({
    enabled: z.boolean().optional(),
    offset_minutes: z.number().int().min(0).max(MAX_OFFSET_MINUTES).optional(),
  })
  .strict();

export const planResponse = z.object({
  plan: z.object({
    steps: z.array(
      z.object({
        step,
        enabled: z.boolean(),
        offset_minutes: z.number().int().nullable(),
        marketing: z.boolean(),
        audience: z.enum(['registrants', 'attendees', 'absentees', 'not_in_room']),
        due_at: timestamp.nullable(),
        started_at: timestamp.nullable(),
        recipients: z.number().int(),
        counts: counts.nullable(),
      }),
    ),
    relay_problem: z.string().nullable(),
    transport: z.enum(['smtp', 'outbox']),
    rate_per_minute: z.number().int(),
  }),
});

export const templateInput = z
  .object({ subject: z.string().max(1000), body: multiline(100_000).min(1) })
  .strict();
export const testInput = z
  .object({ subject: z.string().max(1000).optional(), body: multiline(100_000).optional() })
  .strict();

export const templateResponse = z.object({
  template: z.object({
    key: z.string(),
    locale,
    subject: z.string(),
    body: z.string(),
    is_default: z.boolean(),
    updated_at: timestamp.nullable(),
    merge_fields: z.array(z.enum(MERGE_FIELDS)),
  }),
});

export const previewResponse = z.object({
  preview: z.object({ subject: z.string(), html: z.string(), text: z.string() }),
});

export const deliveriesQuery = z.object({
  step: line(80).optional(),
  status: status.optional(),
  q: line(254).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});

export const deliveriesResponse = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      step: z.string(),
      registration_id: z.string(),
      to_address: emailAddress,
      status,
      attempts: z.number().int(),
      last_error: z.string().nullable(),
      run_at: timestamp,
      sent_at: timestamp.nullable(),
      updated_at: timestamp,
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});

export const cancelEventInput = z.object({ notify: z.boolean().default(true) }).strict();
export const cancelEventResponse = z.object({ status: z.literal('draft'), notified: z.boolean() });

/** Everyone, attendees or absentees of the event, or one of the leads domain's nurture segments. */
export const campaignAudience = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(campaignAudienceKinds) }).strict(),
  z.object({ kind: z.literal('segment'), segment: z.enum(audienceSegments) }).strict(),
]);

export const campaignInput = z
  .object({
    name: line(120).min(1),
    audience: campaignAudience,
  })
  .strict();
export const scheduleInput = z.object({ send_at: z.iso.datetime().optional() }).strict();

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  audience: campaignAudience,
  status: z.enum(['draft', 'scheduled', 'started', 'cancelled']),
  send_at: timestamp.nullable(),
  created_at: timestamp,
  template_key: z.string(),
  counts: counts.nullable(),
});
export const campaignResponse = z.object({ campaign: campaignSchema });
export const campaignsResponse = z.object({ campaigns: z.array(campaignSchema) });

export const suppressionInput = z
  .object({
    email: line(254).toLowerCase().pipe(z.email('Enter a valid email address')),
    note: line(500).default(''),
  })
  .strict();
export const suppressionsQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});
export const suppressionsResponse = z.object({
  suppressions: z.array(
    z.object({
      email: emailAddress,
      reason: z.enum(['manual', 'bounce', 'complaint']),
      note: z.string(),
      created_at: timestamp,
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
