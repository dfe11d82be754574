import type { Kysely } from 'kysely';

/**
 * - `registrations(event_id, created_at, id)`: the list and the CSV export sort by time, then id.
 * - `events.schedule_sequence`: how often the event's time changed, the .ics `SEQUENCE`.
 * - `jobs.locked_by`: which worker start claimed a running job, so a restarted process
 *   takes back its own dead claims at once instead of waiting for their lease.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('registrations_event_time')
    .on('registrations')
    .columns(['event_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .alterTable('events')
    .addColumn('schedule_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('jobs').addColumn('locked_by', 'text').execute();
}
