import { z } from 'zod';
import { timestamp } from '../http/formats.js';

/** An http(s) URL, or empty for "none". */
const publicUrl = z
  .string()
  .trim()
  .max(500, 'Use at most 500 characters')
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'Enter a full http:// or https:// address');

export const organisationInput = z.object({
  name: z.string().trim().max(120, 'Use at most 120 characters'),
  privacy_url: publicUrl,
});
export type OrganisationInput = z.output<typeof organisationInput>;

export const organisationView = z.object({
  name: z.string(),
  logo_url: z.string().nullable(),
  privacy_url: z.string().nullable(),
  updated_at: timestamp.nullable(),
});
export const organisationResponse = z.object({ organisation: organisationView });
