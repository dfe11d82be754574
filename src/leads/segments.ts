import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** Nurture lists for the second touch, each a live query over the event's facts. */
export const segments = [
  'registered_absent',
  'attended_not_mql',
  'mql_not_accepted',
  'downloaded_offer',
] as const;
export type Segment = (typeof segments)[number];

export interface SegmentMember {
  contact_id: string;
  email: string;
  name: string;
  company: string | null;
}

/**
 * The contacts of an event's nurture segment, by contact id:
 * - `registered_absent`: registered, never watched (live or replay);
 * - `attended_not_mql`: watched, and their lead is still `new`;
 * - `mql_not_accepted`: their lead is MQL and sales have not accepted it;
 * - `downloaded_offer`: took one of the event's offers.
 * The mail domain sends to these (`listSegment(db, eventId, 'registered_absent')`).
 */
export async function listSegment(
  db: Kysely<Database>,
  eventId: string,
  segment: Segment,
): Promise<SegmentMember[]> {
  let q = db
    .selectFrom('registrations as r')
    .innerJoin('contacts as c', 'c.id', 'r.contact_id')
    .leftJoin('leads as l', 'l.contact_id', 'r.contact_id')
    .select(['c.id as contact_id', 'c.email', 'c.name', 'c.company'])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'active');
  // Watched live or on replay: one attendance row with seconds credited.
  const watched = sql<boolean>`exists (select 1 from room_attendance a where a.registration_id = r.id and (a.live_seconds > 0 or a.replay_seconds > 0))`;
  switch (segment) {
    case 'registered_absent':
      q = q.where(sql<boolean>`not ${watched}`);
      break;
    case 'attended_not_mql':
      q = q.where(watched).where((eb) => eb.or([eb('l.stage', 'is', null), eb('l.stage', '=', 'new')]));
      break;
    case 'mql_not_accepted':
      q = q.where('l.stage', '=', 'mql');
      break;
    case 'downloaded_offer':
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('room_interactions as i')
            .select('i.id')
            .whereRef('i.registration_id', '=', 'r.id')
            .where('i.type', '=', 'offer_download'),
        ),
      );
      break;
  }
  return q.orderBy('c.email').execute();
}
