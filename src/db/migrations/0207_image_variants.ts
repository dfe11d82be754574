import type { Kysely } from 'kysely';

/**
 * Uploaded images get resized copies (src/files/variants.ts): the original's displayed size
 * (after EXIF rotation) and the list of copies made, as JSON. `variants` stays null until the
 * copies are made (by the job queue, for uploads before this migration on first show).
 * SQLite adds one column per statement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').addColumn('width', 'integer').execute();
  await db.schema.alterTable('files').addColumn('height', 'integer').execute();
  await db.schema.alterTable('files').addColumn('variants', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').dropColumn('variants').execute();
  await db.schema.alterTable('files').dropColumn('height').execute();
  await db.schema.alterTable('files').dropColumn('width').execute();
}
