import { z } from 'zod';
import { localTime, sitePath, timestamp, timeZone } from '../http/formats.js';
import { SLUG_RE } from './slug.js';
import { isValidTimeZone } from './time.js';

const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`);
const required = (max: number) => text(max).min(1, 'Required');

export const eventFormat = z.enum(['slides_speaker', 'interview', 'onsite', 'summit']);
export const eventStatus = z.enum(['draft', 'scheduled', 'live', 'ended', 'on_demand']);
export const speakerTier = z.enum(['executive', 'customer', 'kol', 'partner', 'expert', 'host']);

/** Local wall time in the event's zone (`2026-12-10T14:00`) or ISO with an offset. */
const eventTime = z.string().trim().min(1, 'Required').max(40);

export const eventFields = z.object({
  title: required(200),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, 'Use at least 3 characters')
    .max(80, 'Use at most 80 characters')
    .regex(SLUG_RE, 'Use lowercase letters, digits and single dashes')
    .optional(),
  summary: text(4000).default(''),
  topic: text(300).default(''),
  target_audience: text(1000).default(''),
  pain_point: text(1000).default(''),
  why_now: text(1000).default(''),
  format: eventFormat.default('slides_speaker'),
  language: z.enum(['en', 'zh-CN']).default('en'),
  timezone: z
    .string()
    .trim()
    .refine(isValidTimeZone, 'Choose a valid time zone')
    .meta({ format: 'time-zone', examples: ['Asia/Shanghai'] }),
  starts_at: eventTime.meta({ examples: ['2030-12-10T14:00'] }),
  ends_at: eventTime.meta({ examples: ['2030-12-10T15:30'] }),
  access: z.enum(['registration', 'open']).default('registration'),
  consent_text: text(2000).nullable().optional(),
});
export type EventInput = z.output<typeof eventFields>;

/** PATCH: every field optional and none defaulted, so an absent field means "unchanged". */
export const eventPatch = z
  .object(
    Object.fromEntries(
      Object.entries(eventFields.shape).map(([k, v]) => [
        k,
        (v instanceof z.ZodDefault ? v.unwrap() : v).optional(),
      ]),
    ),
  )
  .strict() as unknown as z.ZodType<Partial<EventInput>>;
export type EventPatch = z.output<typeof eventPatch>;

export const transitionInput = z.object({ to: eventStatus });

export const speakerFields = z.object({
  name: required(120),
  title: text(160).default(''),
  company: text(160).default(''),
  bio: text(4000).default(''),
  tier: speakerTier.default('expert'),
  position: z.number().int().min(0).max(1000).optional(),
});
export const speakerPatch = speakerFields.partial().strict();

export const agendaFields = z.object({
  title: required(200),
  description: text(4000).default(''),
  starts_at: eventTime.meta({ examples: ['2030-12-10T14:00'] }),
  ends_at: eventTime.meta({ examples: ['2030-12-10T14:30'] }),
  speaker_ids: z.array(z.string().max(40)).max(50).default([]),
  position: z.number().int().min(0).max(1000).optional(),
});
export const agendaPatch = agendaFields.partial().strict();

/** A new order for an event's speakers or agenda sessions: every id, each once, first to last. */
export const orderInput = z.object({
  ids: z.array(z.string().min(1).max(40)).max(500),
});

export const listQuery = z.object({
  status: eventStatus.optional(),
  q: z.string().trim().max(200).optional(),
});

// ---- responses ---------------------------------------------------------------

/** An event as the API shows it: UTC instants plus wall-clock times in its zone. */
export const eventView = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  topic: z.string(),
  target_audience: z.string(),
  pain_point: z.string(),
  why_now: z.string(),
  format: eventFormat,
  status: eventStatus,
  language: z.enum(['en', 'zh-CN']),
  timezone: timeZone,
  starts_at: timestamp,
  ends_at: timestamp,
  access: z.enum(['registration', 'open']),
  consent_text: z.string().nullable(),
  consent_version: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
  starts_at_local: localTime,
  ends_at_local: localTime,
  cover_url: sitePath.nullable(),
  registration_count: z.number().int().optional().describe('Left out where it is not counted'),
});
export const speakerView = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  company: z.string(),
  bio: z.string(),
  tier: speakerTier,
  position: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
  photo_url: sitePath.nullable(),
});
export const agendaView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  starts_at: timestamp,
  ends_at: timestamp,
  position: z.number().int(),
  speaker_ids: z.array(z.string()),
  starts_at_local: localTime,
  ends_at_local: localTime,
});
export const eventResponse = z.object({ event: eventView });
export const eventsResponse = z.object({ events: z.array(eventView) });
export const eventDetailResponse = z.object({
  event: eventView,
  speakers: z.array(speakerView),
  agenda: z.array(agendaView),
  next_statuses: z.array(eventStatus),
  urls: z.object({ landing: sitePath, studio: sitePath }),
});
export const speakerResponse = z.object({ speaker: speakerView });
export const speakersResponse = z.object({ speakers: z.array(speakerView) });
export const agendaSessionResponse = z.object({ session: agendaView });
export const agendaResponse = z.object({ agenda: z.array(agendaView) });
