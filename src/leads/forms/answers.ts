import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { registrationInput } from '../../registration/schemas.js';
import { line, multiline } from '../../validation.js';
import { choicesOf, type FormDefinition, type FormField, isCountryCode } from './definition.js';

/** One answer as stored: text, the chosen values, or a ticked box. */
export type AnswerValue = string | string[] | boolean;

/**
 * A phone number in China-mobile ("138 0013 8000") or international ("+44 20 7946 0958")
 * form, as E.164 ("+8613800138000"), or undefined. Without a leading + it must be a valid
 * mainland mobile number; with one, any valid number of its country.
 */
export function normaliseFormPhone(input: string): string | undefined {
  const trimmed = input.trim();
  if (!/^\+?[\d\s\-().]{6,30}$/.test(trimmed)) return undefined;
  const international = trimmed.startsWith('+');
  const parsed = parsePhoneNumberFromString(trimmed, international ? undefined : 'CN');
  if (!parsed?.isValid()) return undefined;
  if (!international && parsed.getType() !== 'MOBILE' && parsed.getType() !== 'FIXED_LINE_OR_MOBILE')
    return undefined;
  return parsed.number;
}

/** What the form carries besides its fields: consent, honeypot, channel and tracking. */
const envelope = registrationInput
  .pick({
    consent: true,
    website: true,
    channel: true,
    utm_source: true,
    utm_medium: true,
    utm_campaign: true,
    utm_content: true,
    utm_term: true,
  })
  .extend({
    marketing_opt_in: z.union([z.literal(true), z.literal('on'), z.literal('true')]).optional(),
  });

const MAX_CHOSEN = 50;

const empty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

const ticked = z.union([z.literal(true), z.literal('on'), z.literal('true')]);

/** The value schema of one field, for a present (non-empty) value. */
function valueSchema(field: FormField): z.ZodType<AnswerValue> {
  const choices = new Set(choicesOf(field).map((c) => c.value));
  const oneOf = line(64).refine((v) => choices.has(v), 'field.invalid_choice');
  switch (field.type) {
    case 'name':
      return line(120);
    case 'email':
      return line(254).toLowerCase().pipe(z.email('reg.error.email'));
    case 'phone':
      return line(40).transform((v, ctx) => {
        const phone = normaliseFormPhone(v);
        if (!phone) ctx.addIssue({ code: 'custom', message: 'reg.error.phone' });
        return phone ?? v;
      });
    case 'company':
    case 'job_title':
      return line(160);
    case 'country':
      return line(2).refine(isCountryCode, 'field.invalid_choice');
    case 'short_text':
      return line(200);
    case 'long_text':
      return multiline(2000);
    case 'multiple_choice':
      return z
        .union([line(64).transform((v) => [v]), z.array(line(64)).max(MAX_CHOSEN)])
        .refine((vs) => vs.every((v) => choices.has(v)), 'field.invalid_choice')
        .transform((vs) => [...new Set(vs)]);
    case 'checkbox':
      return ticked.transform(() => true);
    default:
      return oneOf;
  }
}

/**
 * The schema answers to `fields` must fit. Fields in `known` (progressive profiling: the
 * contact already told us) are not asked, so they are optional; a required checkbox must be
 * ticked. Empty optional answers are dropped, never stored as "".
 */
export function fieldsSchema(fields: readonly FormField[], known: ReadonlySet<string>) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    const required = field.required && !known.has(field.key);
    const value = valueSchema(field);
    const missing = field.type === 'checkbox' ? 'reg.error.consent' : 'reg.error.required';
    // A required field is never skipped as absent: an empty or missing value is reported.
    shape[field.key] = z.preprocess(
      (v) => (empty(v) ? undefined : v),
      required ? z.custom((v) => v !== undefined, missing).pipe(value) : value.optional(),
    );
  }
  return z.object(shape);
}

/** The registration form's schema: its fields (see fieldsSchema) plus consent and tracking. */
export function answersSchema(def: FormDefinition, known: ReadonlySet<string>) {
  return envelope.extend(fieldsSchema(def.fields, known).shape);
}

export interface ParsedAnswers {
  /** The standard contact fields, with what is known filled in. */
  contact: { name: string; email: string; phone: string; company: string; job_title: string };
  /** Every answered field by key (known-but-not-asked fields are not repeated here). */
  answers: Record<string, AnswerValue>;
  marketingOptIn: boolean;
  envelope: z.output<typeof envelope>;
}

/** A successful parse → the registration's contact fields and the answers to store. */
export function splitAnswers(
  def: FormDefinition,
  parsed: Record<string, unknown>,
  known: Record<string, AnswerValue>,
): ParsedAnswers {
  const answers: Record<string, AnswerValue> = {};
  for (const field of def.fields) {
    const value = parsed[field.key] as AnswerValue | undefined;
    if (value !== undefined) answers[field.key] = value;
  }
  const text = (k: string) => {
    const v = answers[k] ?? known[k];
    return typeof v === 'string' ? v : '';
  };
  return {
    contact: {
      name: text('name'),
      email: text('email'),
      phone: text('phone'),
      company: text('company'),
      job_title: text('job_title'),
    },
    answers,
    marketingOptIn: def.marketingOptIn.enabled && parsed.marketing_opt_in !== undefined,
    envelope: parsed as z.output<typeof envelope>,
  };
}
