import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { type Audience, audienceReader } from '../audience.js';

/** Registrations listed per statement: short write transactions that registrations slip between. */
export const LIST_CHUNK = 1000;

/** The delivery of one step (or campaign) to one registration; its id is the uniqueness that prevents a second email. */
export const deliveryId = (eventId: string, key: string, registrationId: string) =>
  `${eventId}:${key}:${registrationId}`;

export type Listing = ReturnType<typeof createListing>;

/**
 * Starts a step (or a campaign) for an event: a run row first (so it starts once), then one
 * `scheduled` delivery per recipient, a chunk at a time in registration order. A crash in
 * between leaves the run `listing`; `list` carries on after the last listed registration.
 */
export function createListing(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;

  async function list(eventId: string, key: string, audience: Audience): Promise<number> {
    const last = await db
      .selectFrom('mail_deliveries')
      .select((eb) => eb.fn.max('registration_id').as('last'))
      .where('event_id', '=', eventId)
      .where('step', '=', key)
      .executeTakeFirst();
    let after = (last?.last as string | null) ?? '';
    const read = audienceReader(db, eventId, audience);
    for (;;) {
      const { rows, last: pageEnd } = await read(after, LIST_CHUNK);
      if (pageEnd === undefined) break;
      after = pageEnd;
      if (rows.length === 0) continue;
      const now = clock.now().toISOString();
      await db
        .insertInto('mail_deliveries')
        .values(
          rows.map((r) => ({
            id: deliveryId(eventId, key, r.id),
            event_id: eventId,
            step: key,
            registration_id: r.id,
            to_address: r.email,
            status: 'scheduled' as const,
            attempts: 0,
            last_error: null,
            run_at: now,
            claimed_by: null,
            sent_at: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const count = await db
      .selectFrom('mail_deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('event_id', '=', eventId)
      .where('step', '=', key)
      .executeTakeFirst();
    const recipients = Number(count?.n ?? 0);
    await db
      .updateTable('mail_step_runs')
      .set({ status: 'listed', recipients, listed_at: clock.now().toISOString() })
      .where('event_id', '=', eventId)
      .where('step', '=', key)
      .execute();
    return recipients;
  }

  return {
    /** Opens a run once (its recipients are listed by `list`); returns false if it was already open. */
    async open(eventId: string, key: string, executor: Kysely<Database> = db): Promise<boolean> {
      const result = await executor
        .insertInto('mail_step_runs')
        .values({
          event_id: eventId,
          step: key,
          status: 'listing',
          recipients: 0,
          started_at: clock.now().toISOString(),
          listed_at: null,
        })
        .onConflict((oc) => oc.columns(['event_id', 'step']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    list,
  };
}
