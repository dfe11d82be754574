import type { Kysely } from 'kysely';

/** Live video: stream keys, media paths, live windows and replay state per event. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('live_streams')
    .addColumn('event_id', 'text', (c) => c.primaryKey().references('events.id').onDelete('cascade'))
    .addColumn('stream_key', 'text', (c) => c.notNull().unique())
    .addColumn('media_path', 'text', (c) => c.notNull().unique())
    .addColumn('live_windows', 'text', (c) => c.notNull())
    .addColumn('replay_status', 'text', (c) => c.notNull())
    .addColumn('replay_seconds', 'double precision')
    .addColumn('replay_error', 'text')
    .addColumn('key_rotated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('live_streams').execute();
}
