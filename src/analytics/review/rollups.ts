import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Dialect } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { EventInfluence, LeadsSource } from '../sources/leads.js';

/**
 * The weekly review's per-event rollup: an event's figures to date, computed from its facts
 * (registrations, attendance, the stage history of its viewers), never counted up. Database
 * triggers list an event in `analytics_changes` in the same transaction as any fact that
 * changes these figures (migration 0720); the refresher (job thread) recomputes the listed
 * events and takes off the list only the changes its computation saw (`refreshEvent`). A reader never trusts a listed event's stored row: it computes that one afresh, so
 * the review is exact however far behind the refresher is.
 */
export interface EventRollup {
  registrations: number;
  attendees: number;
  attendees_live: number;
  attendees_replay: number;
  /** Null when the leads source has nothing to give. */
  influence: EventInfluence | null;
}

/** One event's rollup, straight from the facts. */
export async function computeRollup(
  db: Kysely<Database>,
  leads: LeadsSource,
  eventId: string,
): Promise<EventRollup> {
  const [registrations, viewers, influence] = await Promise.all([
    db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('room_attendance')
      .select((eb) => [
        eb.fn.sum<number>('live_seconds').as('live'),
        eb.fn.sum<number>('replay_seconds').as('replay'),
      ])
      .where('event_id', '=', eventId)
      .where('registration_id', 'is not', null)
      .groupBy('registration_id')
      .having((eb) => eb(eb.fn.sum('live_seconds'), '+', eb.fn.sum('replay_seconds')), '>', 0)
      .execute(),
    leads.eventInfluence(eventId),
  ]);
  return {
    registrations: Number(registrations.n),
    attendees: viewers.length,
    attendees_live: viewers.filter((v) => Number(v.live) > 0).length,
    attendees_replay: viewers.filter((v) => Number(v.replay) > 0).length,
    influence: influence.available ? influence.value : null,
  };
}

type RollupRow = Database['analytics_event_rollups'];

export const rollupOf = (row: RollupRow): EventRollup => ({
  registrations: row.registrations,
  attendees: row.attendees,
  attendees_live: row.attendees_live,
  attendees_replay: row.attendees_replay,
  influence: row.influence === null ? null : (JSON.parse(row.influence) as EventInfluence),
});

/** Events one refresh pass recomputes at most: a pass stays short, the next one takes the rest. */
const EVENTS_PER_PASS = 100;

export type Rollups = ReturnType<typeof createRollups>;

export function createRollups(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  leads: LeadsSource;
  clock: Clock;
}) {
  const { db, dialect, leads, clock } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function store(trx: Transaction<Database>, eventId: string, r: EventRollup) {
    const values = {
      registrations: r.registrations,
      attendees: r.attendees,
      attendees_live: r.attendees_live,
      attendees_replay: r.attendees_replay,
      influence: r.influence === null ? null : JSON.stringify(r.influence),
      computed_at: clock.now().toISOString(),
    };
    await trx
      .insertInto('analytics_event_rollups')
      .values({ event_id: eventId, ...values })
      .onConflict((oc) => oc.column('event_id').doUpdateSet(values))
      .execute();
  }

  /**
   * Recomputes one listed event and takes its change rows off the list, never one whose facts
   * the computation may have missed:
   * - PostgreSQL: the rows are deleted first, inside the transaction that stores the result.
   *   Every row the delete sees was committed with its facts before it, so the computation
   *   that follows (a later statement) sees those facts; a row committed meanwhile is not
   *   deleted. A failure rolls the delete back.
   * - SQLite: one writer at a time gives change rows their ids in commit order, so every row
   *   up to `upTo` (read before computing) was committed, facts included, before the
   *   computation read them; the result is stored and those rows deleted in one transaction.
   */
  async function refreshEvent(eventId: string, upTo: number | string) {
    const exists = await db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
    const compute = () => (exists ? computeRollup(db, leads, eventId) : null);
    const save = async (trx: Transaction<Database>, r: EventRollup | null) => {
      if (r) await store(trx, eventId, r);
      else await trx.deleteFrom('analytics_event_rollups').where('event_id', '=', eventId).execute();
    };
    if (dialect === 'postgres') {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('analytics_changes').where('event_id', '=', eventId).execute();
        await save(trx, await compute());
      });
      return;
    }
    const r = await compute();
    await db.transaction().execute(async (trx) => {
      await save(trx, r);
      await trx
        .deleteFrom('analytics_changes')
        .where('event_id', '=', eventId)
        .where('id', '<=', upTo)
        .execute();
    });
  }

  /** One pass: recomputes up to EVENTS_PER_PASS listed events; returns how many it took. */
  async function refresh(limit = EVENTS_PER_PASS): Promise<number> {
    const last = await db
      .selectFrom('analytics_changes')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    if (last?.id === null || last?.id === undefined) return 0;
    const events = await db
      .selectFrom('analytics_changes')
      .select('event_id')
      .distinct()
      .where('id', '<=', last.id)
      .limit(limit)
      .execute();
    for (const { event_id } of events) await refreshEvent(event_id, last.id);
    return events.length;
  }

  /** Refreshes until no change is listed. */
  async function refreshAll(): Promise<void> {
    while ((await refresh()) > 0) {}
  }

  return {
    refresh,
    refreshAll,
    /** Refreshes every `intervalMs` (the job thread); a pass never overlaps the previous one. */
    start(intervalMs: number, onError: (err: unknown) => void) {
      timer ??= setInterval(() => {
        if (running) return;
        running = refreshAll()
          .catch(onError)
          .finally(() => {
            running = undefined;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
