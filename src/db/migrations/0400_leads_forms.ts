import type { Kysely } from 'kysely';
import { index, table } from './build.js';

/**
 * Registration forms and offers (issue 12 items 1 and 3): each event's form definition,
 * answers per registration and field, the marketing opt-in per registration, the room's
 * offers with an uploaded file and a "show on the confirmation and replay pages" flag, and
 * one download fact per contact and offer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await table(
    db,
    'form_definitions',
    ['event_id'],
    [
      ['event_id', 'text'],
      ['definition', 'text'],
      ['version', 'integer'],
      ['updated_by', 'text', false],
      ['updated_at', 'text'],
    ],
  );
  await table(
    db,
    'form_answers',
    ['registration_id', 'field_key'],
    [
      ['registration_id', 'text'],
      ['field_key', 'text'],
      ['event_id', 'text'],
      ['contact_id', 'text'],
      ['field_type', 'text'],
      ['value', 'text'],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'form_answers_contact', 'form_answers', ['contact_id', 'field_key']);
  await index(db, 'form_answers_event', 'form_answers', ['event_id', 'field_key']);
  await table(
    db,
    'form_submissions',
    ['registration_id'],
    [
      ['registration_id', 'text'],
      ['event_id', 'text'],
      ['contact_id', 'text'],
      ['form_version', 'integer'],
      ['marketing_opt_in', 'integer'],
      ['opt_in_text', 'text', false],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'form_submissions_contact', 'form_submissions', ['contact_id']);
  await db.schema.alterTable('room_offers').addColumn('file_id', 'text').execute();
  await db.schema
    .alterTable('room_offers')
    .addColumn('on_pages', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await table(
    db,
    'offer_downloads',
    ['offer_id', 'contact_id'],
    [
      ['offer_id', 'text'],
      ['contact_id', 'text'],
      ['registration_id', 'text'],
      ['event_id', 'text'],
      ['first_at', 'text'],
      ['last_at', 'text'],
      ['count', 'integer'],
    ],
  );
  await index(db, 'offer_downloads_event', 'offer_downloads', ['event_id']);
  await index(db, 'offer_downloads_contact', 'offer_downloads', ['contact_id']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['offer_downloads', 'form_submissions', 'form_answers', 'form_definitions'])
    await db.schema.dropTable(name).execute();
  await db.schema.alterTable('room_offers').dropColumn('on_pages').execute();
  await db.schema.alterTable('room_offers').dropColumn('file_id').execute();
}
