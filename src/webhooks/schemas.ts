import { z } from 'zod';
import { absoluteUrl, timestamp } from '../http/formats.js';
import { line, webUrl } from '../validation.js';
import { EVENT_TYPES, PING_TYPE } from './event-types.js';

/** An http(s) URL without credentials, stored as an RFC 3986 URI; https is recommended, http allowed. */
const destinationUrl = z
  .string()
  .trim()
  .min(1, 'field.required')
  .refine((v) => {
    if (!URL.canParse(v)) return true;
    const u = new URL(v);
    return !u.username && !u.password;
  }, 'webhooks.error.credentials')
  .pipe(webUrl(2000));

const eventTypes = z
  .array(z.enum(EVENT_TYPES, { error: 'webhooks.error.event_type' }))
  .min(1, 'webhooks.error.no_event_types')
  .max(EVENT_TYPES.length)
  .transform((v) => [...new Set(v)]);

export const subscriptionInput = z
  .object({
    url: destinationUrl,
    event_types: eventTypes,
    description: line(200).default(''),
    enabled: z.boolean().default(true),
  })
  .strict();
export type SubscriptionInput = z.output<typeof subscriptionInput>;

export const subscriptionPatch = z
  .object({
    url: destinationUrl.optional(),
    event_types: eventTypes.optional(),
    description: line(200).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type SubscriptionPatch = z.output<typeof subscriptionPatch>;

export const deliveryStatus = z.enum(['pending', 'succeeded', 'failed', 'cancelled']);
const idFilter = z.string().trim().min(1).max(40);

export const deliveriesQuery = z
  .object({
    subscription_id: idFilter.optional(),
    status: deliveryStatus.optional(),
    event_type: z.enum([...EVENT_TYPES, PING_TYPE]).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type DeliveriesQuery = z.output<typeof deliveriesQuery>;

// ---- responses -----------------------------------------------------------------

export const subscriptionView = z.object({
  id: z.string(),
  url: absoluteUrl,
  event_types: z.array(z.enum(EVENT_TYPES)),
  description: z.string(),
  enabled: z.boolean(),
  /** `failing`: switched off after sustained failure; `manual`: switched off by someone. */
  disabled_reason: z.enum(['failing', 'manual']).nullable(),
  disabled_at: timestamp.nullable(),
  consecutive_failures: z.number().int(),
  failing_since: timestamp.nullable(),
  /** After a rotation: until when the previous secret still signs deliveries too; otherwise null. */
  previous_secret_expires_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
export const subscriptionWithSecret = subscriptionView.extend({
  /** The signing secret (Standard Webhooks `whsec_…`): only in the answers to create and rotate. */
  secret: z.string(),
});

export const deliveryView = z.object({
  id: z.string(),
  subscription_id: z.string(),
  event_type: z.string(),
  status: deliveryStatus,
  attempts: z.number().int(),
  next_attempt_at: timestamp.nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const attemptView = z.object({
  attempt: z.number().int(),
  manual: z.boolean(),
  started_at: timestamp,
  duration_ms: z.number().int(),
  status_code: z.number().int().nullable(),
  response_excerpt: z.string().nullable(),
  error: z.string().nullable(),
  succeeded: z.boolean(),
});

export const subscriptionsResponse = z.object({ subscriptions: z.array(subscriptionView) });
export const subscriptionResponse = z.object({ subscription: subscriptionView });
export const subscriptionSecretResponse = z.object({ subscription: subscriptionWithSecret });
export const deliveryResponse = z.object({ delivery: deliveryView });
export const deliveriesResponse = z.object({ deliveries: z.array(deliveryView), total: z.number().int() });
export const deliveryDetailResponse = z.object({
  delivery: deliveryView,
  /** The exact body sent (type, timestamp, data). */
  payload: z.record(z.string(), z.unknown()),
  attempts: z.array(attemptView),
});
