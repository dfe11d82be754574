import { z } from 'zod';
import { absoluteUrl, timestamp } from '../../http/formats.js';
import { line, multiline } from '../../validation.js';
import { CHANNEL_KINDS } from '../tables.js';

const MAX_COST = 10_000_000;

/** An amount in major units (1234.5), at most two decimals, or null for none. */
const cost = z
  .number({ message: 'promotion.error.cost' })
  .min(0, 'promotion.error.cost')
  .max(MAX_COST, 'promotion.error.cost')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'promotion.error.cost')
  .nullable();
const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'promotion.error.currency')
  .nullable();
const ownerId = z.string().trim().min(1).max(40).nullable();

const fields = {
  kind: z.enum(CHANNEL_KINDS),
  name: line(120).min(1),
  owner_id: ownerId,
  cost,
  currency,
  notes: multiline(2000),
};

/** A cost needs its currency; a currency without a cost is kept for when the cost comes. */
const costHasCurrency = (v: { cost?: number | null; currency?: string | null }, ctx: z.RefinementCtx) => {
  if (v.cost != null && !v.currency)
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'promotion.error.currency_required' });
};

export const channelInput = z
  .object({
    kind: fields.kind,
    name: fields.name,
    owner_id: fields.owner_id.default(null),
    cost: fields.cost.default(null),
    currency: fields.currency.default(null),
    notes: fields.notes.default(''),
  })
  .strict()
  .superRefine(costHasCurrency);
export type ChannelInput = z.output<typeof channelInput>;

export const channelPatch = z
  .object({
    kind: fields.kind.optional(),
    name: fields.name.optional(),
    owner_id: fields.owner_id.optional(),
    cost: fields.cost.optional(),
    currency: fields.currency.optional(),
    notes: fields.notes.optional(),
  })
  .strict();
export type ChannelPatch = z.output<typeof channelPatch>;

export const archiveInput = z
  .object({
    /** true: the link keeps crediting this channel; false: it leads to the event without attribution. */
    keeps_attributing: z.boolean(),
  })
  .strict();

export const channelsQuery = z
  .object({ status: z.enum(['active', 'archived', 'all']).default('all') })
  .strict();

export const qrPngQuery = z
  .object({ size: z.coerce.number().int().min(256).max(4096).default(1200) })
  .strict();

// ---- responses -----------------------------------------------------------------

export const channelView = z.object({
  id: z.string(),
  event_id: z.string(),
  code: z.string(),
  /** The tracking link to share: `/c/<code>` on this site. */
  link: absoluteUrl,
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  cost: z.number().nullable(),
  currency: z.string().nullable(),
  notes: z.string(),
  status: z.enum(['active', 'archived']),
  /** Whether the link credits this channel (always while active). */
  attributing: z.boolean(),
  keeps_attributing: z.boolean(),
  archived_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type ChannelView = z.output<typeof channelView>;
export const ownersResponse = z.object({
  owners: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const channelResponse = z.object({ channel: channelView });
export const channelsResponse = z.object({ channels: z.array(channelView) });
