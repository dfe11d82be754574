import type { Kysely } from 'kysely';

/**
 * Offers (issue 12 item 3): the short form a gated offer asks, as JSON — the form builder's
 * standard field types with their `required` — or null for the room's own short form
 * (company, job title, phone).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('room_offers').addColumn('gate', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('room_offers').dropColumn('gate').execute();
}
