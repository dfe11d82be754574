import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AudienceKind } from './plan/steps.js';

/**
 * An audience among an event's active registrations. Built-in kinds are filters on
 * attendance; a later kind (the leads issue's nurture segments, `{ kind: 'segment', id }`)
 * adds one case here that filters by the segment's contacts, and nothing else changes:
 * listing, sending and the log work on registration ids whatever chose them.
 */
export type Audience = { kind: AudienceKind };

export const campaignAudienceKinds = ['registrants', 'attendees', 'absentees'] as const;

/** The registrations (id, email) an audience holds, after `afterId`, in id order, `limit` at a time. */
export function audiencePage(
  db: Kysely<Database>,
  eventId: string,
  audience: Audience,
  afterId: string,
  limit: number,
) {
  const attended = (minLiveSeconds: number) =>
    sql<boolean>`exists (select 1 from room_attendance a where a.event_id = r.event_id and a.registration_id = r.id and a.live_seconds >= ${minLiveSeconds})`;
  let query = db
    .selectFrom('registrations as r')
    .select(['r.id', 'r.email'])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'active')
    .where('r.id', '>', afterId)
    .orderBy('r.id')
    .limit(limit);
  // "Attended" means watched some of the live event (a room visit before the start is not attendance).
  if (audience.kind === 'attendees') query = query.where(attended(1));
  if (audience.kind === 'absentees') query = query.where(sql<boolean>`not ${attended(1)}`);
  if (audience.kind === 'not_in_room') query = query.where(sql<boolean>`not ${attended(0)}`);
  return query.execute();
}
