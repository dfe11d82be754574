import type { Kysely } from 'kysely';

/**
 * The organisation's public identity on audience pages: its name, logo and privacy-policy
 * link. One row (id 'default'), created on first save.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisation_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('logo_file_id', 'text')
    .addColumn('privacy_url', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('organisation_settings').execute();
}
