import { z } from 'zod';
import { emailAddress, timestamp, uriReference } from '../../http/formats.js';
import { line, multiline, webUrl } from '../../validation.js';
import { gateFieldTypes, gateInput } from './gate.js';

const url = webUrl(2000);

const fields = {
  title: line(120).min(1),
  description: multiline(500).default(''),
  cta_label: line(40).min(1).default('Download'),
  /** A link offer's address; leave out for a file offer and upload its file. */
  url: url.optional(),
  /** Asks a short form before the download. */
  gated: z.boolean().default(false),
  /** The short form's fields (standard B2B fields; what is known is not asked again); default: company, job title, phone. */
  gate: gateInput.nullable().optional(),
  /** Also shown on the confirmation and replay pages. */
  on_pages: z.boolean().default(false),
};

export const offerInput = z.strictObject(fields);
export const offerPatch = z.strictObject({
  title: fields.title.optional(),
  description: multiline(500).optional(),
  cta_label: line(40).min(1).optional(),
  url: url.optional(),
  gated: z.boolean().optional(),
  gate: gateInput.nullable().optional(),
  on_pages: z.boolean().optional(),
});

export const offerView = z.object({
  id: z.string(),
  event_id: z.string(),
  title: z.string(),
  description: z.string(),
  cta_label: z.string(),
  /** 'file': an uploaded file, handed out only through each registration's offer link. */
  kind: z.enum(['link', 'file']),
  /** A link offer's address: absolute, or a path on this site when the host gave one in the room. */
  url: uriReference.nullable(),
  file: z.object({ id: z.string(), mime: z.string(), size_bytes: z.number().int() }).nullable(),
  gated: z.boolean(),
  gate: z.array(z.object({ type: z.enum(gateFieldTypes), required: z.boolean() })),
  on_pages: z.boolean(),
  /** The room's state: draft until pushed in the room, live, withdrawn. */
  status: z.enum(['draft', 'live', 'withdrawn']),
  created_at: timestamp,
  /** Contacts who took it, and downloads in all (repeats counted). */
  downloads: z.object({ contacts: z.number().int(), total: z.number().int() }),
});
export const offerResponse = z.object({ offer: offerView });
export const offerListResponse = z.object({ offers: z.array(offerView) });

export const offerDownloadsResponse = z.object({
  downloads: z.array(
    z.object({
      offer_id: z.string(),
      offer_title: z.string(),
      contact_id: z.string(),
      registration_id: z.string(),
      name: z.string(),
      email: emailAddress,
      company: z.string().nullable(),
      count: z.number().int(),
      first_at: timestamp,
      last_at: timestamp,
    }),
  ),
});
