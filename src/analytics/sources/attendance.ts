import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DeviceType } from '../../room/tables.js';

export interface ViewerFact {
  viewerId: string;
  registrationId: string | null;
  /** `phone` when any of the viewer's sessions was on a phone. */
  device: DeviceType;
  liveSeconds: number;
  replaySeconds: number;
}

/** Whether a viewer watched at all (opening the room and never playing is not attending). */
export const hasWatched = (v: ViewerFact) => v.liveSeconds + v.replaySeconds > 0;

/**
 * Each audience viewer of an event with all their sessions added up; the team's own
 * sessions (`user:…`) are not audience.
 */
export async function eventViewers(db: Kysely<Database>, eventId: string): Promise<ViewerFact[]> {
  const rows = await db
    .selectFrom('room_attendance')
    .select((eb) => [
      'viewer_id',
      'registration_id',
      eb.fn.max('device').as('device'),
      eb.fn.sum<number>('live_seconds').as('live'),
      eb.fn.sum<number>('replay_seconds').as('replay'),
    ])
    .where('event_id', '=', eventId)
    .where('viewer_id', 'not like', 'user:%')
    .groupBy(['viewer_id', 'registration_id'])
    .execute();
  return rows.map((r) => ({
    viewerId: r.viewer_id,
    registrationId: r.registration_id,
    device: r.device as DeviceType,
    liveSeconds: Number(r.live),
    replaySeconds: Number(r.replay),
  }));
}
