import type { Kysely } from 'kysely';
import { index, table } from './build.js';

/**
 * Promotion (issue 14 items 1–3, 7): tracked channels per event with their short codes,
 * landing-page visits (the facts views and unique visitors are counted from), and the
 * first-party visitor id and first-touch time on each registration (its `channel` and
 * `utm` columns already exist).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await table(
    db,
    'promotion_channels',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['code', 'text'],
      ['kind', 'text'],
      ['name', 'text'],
      ['owner_id', 'text', false],
      /** In minor units (cents, fen) of `currency`. */
      ['cost_minor', 'integer', false],
      ['currency', 'text', false],
      ['notes', 'text'],
      ['status', 'text'],
      /** 1: an archived channel's link still attributes; 0: it leads to the event without attribution. */
      ['keeps_attributing', 'integer'],
      ['archived_at', 'text', false],
      ['created_by', 'text', false],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  );
  await db.schema
    .createIndex('promotion_channels_code')
    .on('promotion_channels')
    .column('code')
    .unique()
    .execute();
  await index(db, 'promotion_channels_event', 'promotion_channels', ['event_id', 'created_at']);
  await table(
    db,
    'promotion_visits',
    ['id'],
    [
      ['id', 'text'],
      ['event_id', 'text'],
      ['channel_id', 'text', false],
      /** Null when the browser asked not to be tracked (DNT / Sec-GPC): a view, not a visitor. */
      ['visitor_id', 'text', false],
      /** JSON object of utm_* values (each at most 120 characters). */
      ['utm', 'text', false],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'promotion_visits_event_channel', 'promotion_visits', [
    'event_id',
    'channel_id',
    'visitor_id',
  ]);
  await index(db, 'promotion_visits_visitor', 'promotion_visits', ['visitor_id', 'event_id', 'created_at']);
  await db.schema.alterTable('registrations').addColumn('visitor_id', 'text').execute();
  await db.schema.alterTable('registrations').addColumn('first_touch_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('registrations').dropColumn('first_touch_at').execute();
  await db.schema.alterTable('registrations').dropColumn('visitor_id').execute();
  await db.schema.dropTable('promotion_visits').execute();
  await db.schema.dropTable('promotion_channels').execute();
}
