import type { Kysely } from 'kysely';
import { index } from './build.js';

/**
 * Analytics reads facts directly (no rollups). The weekly review counts every event's
 * registrations and registered viewers in one pass; these indexes hold every column those
 * passes read, in group order, so both are index-only scans instead of a scan of the wide
 * rows plus a sort (1,000,000 registrations on SQLite: see bench/analytics/RESULTS.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await index(db, 'registrations_event_status_created', 'registrations', [
    'event_id',
    'status',
    'created_at',
  ]);
  await index(db, 'room_attendance_event_registration', 'room_attendance', [
    'event_id',
    'registration_id',
    'joined_at',
    'live_seconds',
    'replay_seconds',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('room_attendance_event_registration').execute();
  await db.schema.dropIndex('registrations_event_status_created').execute();
}
