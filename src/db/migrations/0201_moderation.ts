import type { Kysely } from 'kysely';

/**
 * Chat moderation, second step: each event's tuning of the scored screen, a key of each
 * message's normalised text (the same text from several viewers), and a client key on
 * mutes so an anonymous viewer who clears storage is still recognised.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('moderation_policies')
    .addColumn('event_id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('room_messages').addColumn('body_key', 'text').execute();
  await db.schema
    .createIndex('room_messages_body_key')
    .on('room_messages')
    .columns(['event_id', 'body_key', 'created_at'])
    .execute();
  await db.schema.alterTable('moderation_mutes').addColumn('client_key', 'text').execute();
  await db.schema.alterTable('room_attendance').addColumn('client_key', 'text').execute();
  await db.schema
    .createIndex('moderation_mutes_client_key')
    .on('moderation_mutes')
    .columns(['event_id', 'client_key'])
    .execute();
}
