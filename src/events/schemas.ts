import { z } from 'zod';
import { localTime, sitePath, timestamp, timeZone } from '../http/formats.js';
import { line, multiline } from '../validation.js';
import { SLUG_RE } from './slug.js';
import { isValidTimeZone } from './time.js';

// Messages are i18n keys (src/i18n/messages.ts); the error handler answers in the caller's language.
const text = line;
const required = (max: number) => line(max).min(1);

export const eventFormat = z.enum(['slides_speaker', 'interview', 'onsite', 'summit']);
export const eventStatus = z.enum(['draft', 'scheduled', 'live', 'ended', 'on_demand']);
export const speakerTier = z.enum(['executive', 'customer', 'kol', 'partner', 'expert', 'host']);

/** Local wall time in the event's zone (`2026-12-10T14:00`) or ISO with an offset. */
const eventTime = line(40).min(1);

export const eventFields = z.object({
  title: required(200),
  slug: z.string().trim().toLowerCase().min(3).max(80).regex(SLUG_RE, 'field.slug').optional(),
  summary: multiline(4000).default(''),
  topic: text(300).default(''),
  target_audience: multiline(1000).default(''),
  pain_point: multiline(1000).default(''),
  why_now: multiline(1000).default(''),
  format: eventFormat.default('slides_speaker'),
  language: z.enum(['en', 'zh-CN']).default('en'),
  timezone: line(64)
    .refine(isValidTimeZone, 'field.timezone')
    .meta({ format: 'time-zone', examples: ['Asia/Shanghai'] }),
  starts_at: eventTime.meta({ examples: ['2030-12-10T14:00'] }),
  ends_at: eventTime.meta({ examples: ['2030-12-10T15:30'] }),
  access: z.enum(['registration', 'open']).default('registration'),
  consent_text: multiline(2000).nullable().optional(),
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
  bio: multiline(4000).default(''),
  tier: speakerTier.default('expert'),
  position: z.number().int().min(0).max(1000).optional(),
});
export const speakerPatch = speakerFields.partial().strict();

export const agendaFields = z.object({
  title: required(200),
  description: multiline(4000).default(''),
  starts_at: eventTime.meta({ examples: ['2030-12-10T14:00'] }),
  ends_at: eventTime.meta({ examples: ['2030-12-10T14:30'] }),
  speaker_ids: z.array(line(40)).max(50).default([]),
  position: z.number().int().min(0).max(1000).optional(),
});
export const agendaPatch = agendaFields.partial().strict();

/** A new order for an event's speakers or agenda sessions: every id, each once, first to last. */
export const orderInput = z.object({
  ids: z.array(line(40).min(1)).max(500),
});

export const listQuery = z.object({
  status: eventStatus.optional(),
  q: line(200).optional(),
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
