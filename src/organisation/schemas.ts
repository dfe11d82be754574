import { z } from 'zod';
import { timestamp } from '../http/formats.js';
import { webUrl } from '../validation.js';

/** An http(s) URL, or empty for "none". */
const publicUrl = z.union([z.string().trim().length(0), webUrl(500)], { error: 'field.web_url' });

export const organisationInput = z.object({
  name: z.string().trim().max(120, 'field.too_long'),
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
