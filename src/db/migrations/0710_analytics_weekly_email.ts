import type { Kysely } from 'kysely';
import { table } from './build.js';

/**
 * The weekly review email (issue 16): who asked for it. Off by default, so a person without
 * a row gets none. The send time is organisation-wide and lives in `settings`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await table(
    db,
    'analytics_weekly_email_preferences',
    ['user_id'],
    [
      ['user_id', 'text'],
      ['weekly_email', 'integer'],
      ['updated_at', 'text'],
    ],
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('analytics_weekly_email_preferences').execute();
}
