import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { InteractionType } from './tables.js';

/**
 * Attendance per viewer (all their sessions added up) and peak concurrent viewers per
 * minute. Viewers are named by display name and registration id: contact details stay
 * in the registrations API.
 */
export async function attendanceReport(db: Kysely<Database>, eventId: string) {
  const rows = await db
    .selectFrom('room_attendance')
    .select((eb) => [
      'viewer_id as viewerId',
      'registration_id as registrationId',
      eb.fn.max('display_name').as('name'),
      eb.fn.countAll().as('sessions'),
      eb.fn.min('joined_at').as('firstJoinedAt'),
      eb.fn.max('left_at').as('lastLeftAt'),
      eb.fn.sum<number>('live_seconds').as('liveSeconds'),
      eb.fn.sum<number>('replay_seconds').as('replaySeconds'),
      eb.fn.max('device').as('device'),
    ])
    .where('event_id', '=', eventId)
    .groupBy(['viewer_id', 'registration_id'])
    .orderBy('firstJoinedAt')
    .execute();
  const peaks = await db
    .selectFrom('room_concurrency')
    .select(['minute', 'peak'])
    .where('event_id', '=', eventId)
    .orderBy('minute')
    .execute();
  const viewers = rows.map((r) => ({
    ...r,
    sessions: Number(r.sessions),
    liveSeconds: Number(r.liveSeconds),
    replaySeconds: Number(r.replaySeconds),
  }));
  return {
    summary: {
      viewers: viewers.length,
      phone: viewers.filter((v) => v.device === 'phone').length,
      peakConcurrent: Math.max(0, ...peaks.map((p) => p.peak)),
      liveSeconds: viewers.reduce((s, v) => s + v.liveSeconds, 0),
      replaySeconds: viewers.reduce((s, v) => s + v.replaySeconds, 0),
    },
    viewers,
    peaks,
  };
}

/** Interaction facts, oldest first, paged by id (`after` = last id of the previous page). */
export async function listInteractions(
  db: Kysely<Database>,
  eventId: string,
  filter: { type?: InteractionType; registrationId?: string; after?: string; limit: number },
) {
  let q = db.selectFrom('room_interactions').selectAll().where('event_id', '=', eventId);
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.registrationId) q = q.where('registration_id', '=', filter.registrationId);
  if (filter.after) q = q.where('id', '>', filter.after);
  const rows = await q.orderBy('id').limit(filter.limit).execute();
  return {
    interactions: rows.map((r) => ({
      id: r.id,
      type: r.type,
      registrationId: r.registration_id,
      viewerId: r.viewer_id,
      payload: JSON.parse(r.payload) as unknown,
      at: r.at,
    })),
    next: rows.length === filter.limit ? rows.at(-1)?.id : undefined,
  };
}

/** The room's audit trail: moderation actions, check-in windows, lottery draws. */
export async function roomAudit(db: Kysely<Database>, eventId: string) {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([
          eb('target_type', '=', 'event'),
          eb('target_id', '=', eventId),
          eb.or([eb('action', 'like', 'moderation.%'), eb('action', 'like', 'room.%')]),
        ]),
        // The team's own filters apply to every event, so their changes belong in each event's trail.
        eb('target_type', '=', 'moderation_filter'),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actorType: r.actor_type,
    actorId: r.actor_id,
    details: r.details ? (JSON.parse(r.details) as unknown) : null,
    at: r.created_at,
  }));
}

export async function listLotteries(db: Kysely<Database>, eventId: string) {
  const rows = await db
    .selectFrom('room_lotteries')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    prize: r.prize,
    pool: r.pool,
    count: r.winners_count,
    seed: r.seed,
    candidates: r.candidates_count,
    candidatesDigest: r.candidates_digest,
    winners: JSON.parse(r.winners) as { viewerId: string; name: string }[],
    drawnBy: r.drawn_by,
    at: r.created_at,
  }));
}

/** The chat log for staff, with moderation status, oldest first. */
export async function listMessages(
  db: Kysely<Database>,
  eventId: string,
  filter: { status?: string; after?: string; limit: number },
) {
  let q = db.selectFrom('room_messages').selectAll().where('event_id', '=', eventId);
  if (filter.status) q = q.where('status', '=', filter.status as Database['room_messages']['status']);
  if (filter.after) q = q.where('id', '>', filter.after);
  return q.orderBy('id').limit(filter.limit).execute();
}
