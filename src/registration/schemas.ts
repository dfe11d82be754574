import { z } from 'zod';
import type { FieldErrors } from '../errors.js';
import { absoluteUrl, emailAddress, timestamp } from '../http/formats.js';
import type { Locale } from '../i18n/index.js';
import { line, type ValidationFailed } from '../validation.js';
import { normalisePhone } from './phone.js';

const text = line;

/**
 * The public registration form. Messages are i18n keys (`reg.error.*`) so the page can
 * show them in the visitor's language; the JSON API returns them translated too.
 */
export const registrationInput = z.object({
  name: text(120).min(1, 'reg.error.required'),
  email: line(254)
    .toLowerCase()
    .pipe(z.email('reg.error.email'))
    .meta({ examples: ['lin@example.com'] }),
  phone: line(40)
    .min(1, 'reg.error.required')
    .meta({ examples: ['+86 138 0013 8000'] })
    .transform((v, ctx) => {
      const phone = normalisePhone(v);
      if (!phone) ctx.addIssue({ code: 'custom', message: 'reg.error.phone' });
      return phone ?? v;
    }),
  company: text(160).min(1, 'reg.error.required'),
  job_title: text(160).default(''),
  consent: z.union([z.literal(true), z.literal('on'), z.literal('true')], { message: 'reg.error.consent' }),
  /** Honeypot: hidden from people, filled in by bots. */
  website: z.string().max(0, 'reg.error.rejected').optional(),
  channel: z
    .string()
    .trim()
    .max(64)
    .regex(/^[\w.-]*$/)
    .optional(),
  utm_source: text(120).optional(),
  utm_medium: text(120).optional(),
  utm_campaign: text(120).optional(),
  utm_content: text(120).optional(),
  utm_term: text(120).optional(),
});
export type RegistrationInput = z.output<typeof registrationInput>;

/**
 * The registration form's field messages in `locale`. A filled honeypot is reported for the
 * whole form (`_`), never under its own name: a bot is not told which field gave it away.
 */
export function registrationFieldErrors(error: ValidationFailed, locale: Locale): FieldErrors {
  const fields: FieldErrors = {};
  for (const [field, message] of Object.entries(error.fieldsIn(locale)))
    fields[field === 'website' ? '_' : field] ??= message;
  return fields;
}

export const sortColumns = ['created_at', 'name', 'email', 'company'] as const;
export const listRegistrationsQuery = z.object({
  q: line(200).optional(),
  /** Only registrations from this source: a channel id, or `none` for those without one. */
  channel: line(40).optional(),
  sort: z.enum(sortColumns).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(25),
});

export const registrationPatch = z.object({ status: z.enum(['active', 'revoked']) }).strict();

// ---- responses ---------------------------------------------------------------

const registrationView = z.object({
  id: z.string(),
  name: z.string(),
  email: emailAddress,
  phone: z.string().nullable(),
  company: z.string().nullable(),
  job_title: z.string().nullable(),
  status: z.enum(['active', 'revoked']),
  channel: z.string().nullable(),
  /** The tracked channel's name as the team gave it (null: no channel, or one not of this event). */
  channel_name: z.string().nullable(),
  /** The utm_* parameters of the link the person registered from. */
  utm: z.record(z.string(), z.string()).nullable(),
  /** The registration whose personal invitation link brought this person. */
  referred_by: z.string().nullable(),
  locale: z.string(),
  created_at: timestamp,
});
export const registrationsResponse = z.object({
  registrations: z.array(registrationView),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
export const registrationResponse = z.object({ registration: registrationView });
/** 201: a new registration and its links. */
export const publicRegistrationResponse = z.object({
  created: z.literal(true),
  registration: z.object({
    id: z.string(),
    join_url: absoluteUrl,
    confirmation_url: absoluteUrl,
    calendar_url: absoluteUrl,
  }),
});
/** 200: already registered; the link is never returned, it was emailed again. */
export const repeatRegistrationResponse = z.object({ created: z.literal(false), message: z.string() });
