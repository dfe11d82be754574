import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { OfferLink } from './values.js';

/**
 * The live offers of events (the room's `room_offers`), oldest first, for the `{{offer_links}}`
 * merge field. An offer that asks for the form or holds a file is claimed in the room, so it
 * has no address of its own here (the field links the recipient's join link instead).
 */
export async function eventOffers(
  db: Kysely<Database>,
  eventIds: string[],
): Promise<Map<string, OfferLink[]>> {
  const out = new Map<string, OfferLink[]>(eventIds.map((id) => [id, []]));
  if (eventIds.length === 0) return out;
  const rows = await db
    .selectFrom('room_offers')
    .select(['event_id', 'title', 'url', 'requires_form', 'file_id'])
    .where('event_id', 'in', [...new Set(eventIds)])
    .where('status', '=', 'live')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows)
    out.get(r.event_id)?.push({
      title: r.title,
      url: r.requires_form || r.file_id || !r.url ? undefined : r.url,
    });
  return out;
}
