import type { Kysely } from 'kysely';

/**
 * Scoring reads a registration's room interactions grouped by type (src/leads/facts.ts).
 * With the index on `registration_id` alone, each of the ~20 rows per registration was a
 * lookup in the table for its `type`: on 100,000 contacts with 2,000,000 interactions that
 * query was most of a full re-score's time, spent on the job thread while registrations and
 * the room ran. Indexed with the type, it is answered from the index alone. The new index
 * replaces the old one (the same prefix serves every lookup by registration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('room_interactions_registration_type')
    .on('room_interactions')
    .columns(['registration_id', 'type'])
    .execute();
  await db.schema.dropIndex('room_interactions_registration').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('room_interactions_registration')
    .on('room_interactions')
    .column('registration_id')
    .execute();
  await db.schema.dropIndex('room_interactions_registration_type').execute();
}
