import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { listSegment, type Segment, segments } from '../leads/segments.js';
import type { AudienceKind } from './plan/steps.js';

/**
 * An audience among an event's active registrations: a filter on attendance, or one of the
 * leads domain's nurture segments (`src/leads/segments.ts`, which owns what each one means).
 * Listing, sending and the log work on registration ids whatever chose them.
 */
export type Audience = { kind: AudienceKind } | { kind: 'segment'; segment: Segment };

export const campaignAudienceKinds = ['registrants', 'attendees', 'absentees'] as const;
export { segments as audienceSegments };

/** A page of an audience: the registrations (id, email) in it, and the last registration id looked at. */
export interface AudiencePage {
  rows: { id: string; email: string }[];
  /** Where the next page starts; undefined when no registration is left. */
  last: string | undefined;
}

/**
 * Reads an audience a page at a time in registration-id order, after `afterId`. A segment's
 * members are asked of the leads domain once per reader, then the event's registrations are
 * paged and kept when their contact is a member.
 */
export function audienceReader(db: Kysely<Database>, eventId: string, audience: Audience) {
  const base = (afterId: string, limit: number) =>
    db
      .selectFrom('registrations as r')
      .select(['r.id', 'r.email', 'r.contact_id'])
      .where('r.event_id', '=', eventId)
      .where('r.status', '=', 'active')
      .where('r.id', '>', afterId)
      .orderBy('r.id')
      .limit(limit);
  if (audience.kind === 'segment') {
    let members: Promise<Set<string>> | undefined;
    return async (afterId: string, limit: number): Promise<AudiencePage> => {
      members ??= listSegment(db, eventId, audience.segment).then(
        (list) => new Set(list.map((m) => m.contact_id)),
      );
      const inSegment = await members;
      const page = await base(afterId, limit).execute();
      return {
        rows: page.filter((r) => inSegment.has(r.contact_id)),
        last: page.at(-1)?.id,
      };
    };
  }
  const attended = (minLiveSeconds: number) =>
    sql<boolean>`exists (select 1 from room_attendance a where a.event_id = r.event_id and a.registration_id = r.id and a.live_seconds >= ${minLiveSeconds})`;
  return async (afterId: string, limit: number): Promise<AudiencePage> => {
    let query = base(afterId, limit);
    // "Attended" means watched some of the live event (a room visit before the start is not attendance).
    if (audience.kind === 'attendees') query = query.where(attended(1));
    if (audience.kind === 'absentees') query = query.where(sql<boolean>`not ${attended(1)}`);
    if (audience.kind === 'not_in_room') query = query.where(sql<boolean>`not ${attended(0)}`);
    const rows = await query.execute();
    return { rows, last: rows.at(-1)?.id };
  };
}
