import type { Kysely } from 'kysely';
import { index, table } from './build.js';

/** Promotion, referrals: personal invitation links, who referred whom (and whether it counts), gates. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await table(
    db,
    'referral_links',
    ['registration_id'],
    [
      ['registration_id', 'text'],
      ['event_id', 'text'],
      ['code', 'text'],
      ['created_at', 'text'],
    ],
  );
  await db.schema.createIndex('referral_links_code').on('referral_links').column('code').unique().execute();
  await table(
    db,
    'referrals',
    ['registration_id'],
    [
      ['registration_id', 'text'],
      ['event_id', 'text'],
      ['referrer_id', 'text'],
      ['counted', 'integer'],
      ['reason', 'text', false],
      ['ip_key', 'text'],
      ['device_key', 'text'],
      ['created_at', 'text'],
    ],
  );
  await index(db, 'referrals_referrer', 'referrals', ['referrer_id', 'created_at']);
  await index(db, 'referrals_event', 'referrals', ['event_id', 'counted']);
  await table(
    db,
    'referral_gates',
    ['event_id'],
    [
      ['event_id', 'text'],
      ['goal', 'integer'],
      ['reward_kind', 'text'],
      ['offer_id', 'text', false],
      ['reward_text', 'text', false],
      ['leaderboard_in_room', 'integer'],
      ['updated_by', 'text', false],
      ['updated_at', 'text'],
    ],
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['referral_gates', 'referrals', 'referral_links'])
    await db.schema.dropTable(name).execute();
}
