import { z } from 'zod';
import { absoluteUrl, emailAddress, timestamp } from '../http/formats.js';
import { normalisePhone } from './phone.js';

const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`);

/**
 * The public registration form. Messages are i18n keys (`reg.error.*`) so the page can
 * show them in the visitor's language; the JSON API returns them translated too.
 */
export const registrationInput = z.object({
  name: text(120).min(1, 'reg.error.required'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'reg.error.email')
    .pipe(z.email('reg.error.email'))
    .meta({ examples: ['lin@example.com'] }),
  phone: z
    .string()
    .trim()
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

export const sortColumns = ['created_at', 'name', 'email', 'company'] as const;
export const listRegistrationsQuery = z.object({
  q: z.string().trim().max(200).optional(),
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
export const publicRegistrationResponse = z.object({
  created: z.boolean().describe('false when this email was already registered (then the status is 200)'),
  registration: z.object({
    id: z.string(),
    join_url: absoluteUrl,
    confirmation_url: absoluteUrl,
    calendar_url: absoluteUrl,
  }),
});
