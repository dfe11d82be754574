import type { z } from 'zod';
import { gateOf } from './gate.js';
import type { OfferRow } from './offers.js';
import type { offerView } from './schemas.js';

type ListedOffer = OfferRow & {
  contacts: number | string | null;
  total: number | string | null;
  file_mime: string | null;
  file_size: number | null;
};

/** An offer as the team's API shows it. */
export const offerApiView = (o: ListedOffer): z.input<typeof offerView> => ({
  id: o.id,
  event_id: o.event_id,
  title: o.title,
  description: o.description,
  cta_label: o.cta_label,
  kind: o.file_id ? 'file' : 'link',
  url: o.file_id ? null : o.url || null,
  file:
    o.file_id && o.file_mime ? { id: o.file_id, mime: o.file_mime, size_bytes: Number(o.file_size) } : null,
  gated: o.requires_form === 1,
  gate: gateOf(o.gate),
  on_pages: o.on_pages === 1,
  status: o.status,
  created_at: o.created_at,
  downloads: { contacts: Number(o.contacts ?? 0), total: Number(o.total ?? 0) },
});
