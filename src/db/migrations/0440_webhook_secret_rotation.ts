import type { Kysely } from 'kysely';

/**
 * Webhook secret rotation: the secret a subscription had before its last rotation, and until
 * when deliveries are still signed with it too (24 hours), so a receiver can switch to the
 * new secret without refusing anything in between. Both null when there is none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_subscriptions').addColumn('previous_secret', 'text').execute();
  await db.schema
    .alterTable('webhook_subscriptions')
    .addColumn('previous_secret_expires_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_subscriptions').dropColumn('previous_secret_expires_at').execute();
  await db.schema.alterTable('webhook_subscriptions').dropColumn('previous_secret').execute();
}
