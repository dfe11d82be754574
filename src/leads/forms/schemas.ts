import { z } from 'zod';
import { emailAddress, timestamp } from '../../http/formats.js';
import { line } from '../../validation.js';
import { fieldTypes } from './definition.js';

const bilingual = z.object({ en: z.string(), 'zh-CN': z.string() });
const answerValue = z.union([z.string(), z.array(z.string()), z.boolean()]);

export const formView = z.object({
  /** 0 while the event uses the default form; each save adds one. */
  version: z.number().int(),
  designed: z.boolean(),
  fields: z.array(
    z.object({
      key: z.string(),
      type: z.enum(fieldTypes),
      required: z.boolean(),
      /** A standard B2B field: its answer has the same meaning in every event. */
      standard: z.boolean(),
      /** The label people see, in both languages. */
      label: bilingual,
      /** The team's own label (null: the standard field's). */
      custom_label: bilingual.nullable(),
      choices: z.array(z.object({ value: z.string(), label: bilingual })),
    }),
  ),
  marketing_opt_in: z.object({ enabled: z.boolean(), label: bilingual.nullable() }),
});
export const formResponse = z.object({ form: formView });

export const answersResponse = z.object({
  answers: z.array(z.object({ key: z.string(), type: z.string(), value: answerValue })),
  /** Null for registrations made before the event had forms. */
  form_version: z.number().int().nullable(),
  marketing_opt_in: z.boolean(),
  opt_in_text: z.string().nullable(),
  answered_at: timestamp.nullable(),
});

const ticked = z.union([z.literal(true), z.literal('on'), z.literal('true')]);
/**
 * The public registration body: the event's form fields by key (GET the landing page's form
 * to see them; choices by value, several values as an array, a ticked box as true), plus
 * consent, the optional marketing opt-in and tracking. Checked against the event's form.
 */
export const publicRegistrationBody = z
  .object({
    name: line(120).optional(),
    email: emailAddress.meta({ examples: ['lin@example.com'] }),
    phone: line(40)
      .optional()
      .meta({ examples: ['+86 138 0013 8000'] }),
    company: line(160).optional(),
    job_title: line(160).optional(),
    consent: ticked,
    marketing_opt_in: ticked.optional(),
    website: z.string().max(0).optional(),
    channel: z.string().max(64).optional(),
    utm_source: line(120).optional(),
    utm_medium: line(120).optional(),
    utm_campaign: line(120).optional(),
    utm_content: line(120).optional(),
    utm_term: line(120).optional(),
    /** A personal invitation link's code (`/i/<code>`): the registrant who invited this one. */
    ref: line(40).optional(),
  })
  .catchall(answerValue);
