import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import type { EventInfluence, LeadsSource } from '../sources/leads.js';

/**
 * The weekly review's per-event rollup: an event's figures to date, computed from its facts
 * (registrations, attendance, the stage history of its viewers), never counted up. Database
 * triggers list an event in `analytics_changes` in the same transaction as any fact that
 * changes these figures (migration 0720); the refresher (job thread) recomputes the listed
 * events and deletes exactly the change rows it read, so a change committed meanwhile stays
 * listed. A reader never trusts a listed event's stored row: it computes that one afresh, so
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

/** Change rows one refresh takes at most: a pass stays short, the next one takes the rest. */
const BATCH = 2000;
const DELETE_CHUNK = 500;

export type Rollups = ReturnType<typeof createRollups>;

export function createRollups(deps: { db: Kysely<Database>; leads: LeadsSource; clock: Clock }) {
  const { db, leads, clock } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  /** Recomputes the events listed in one batch of changes; returns how many change rows it took. */
  async function refresh(limit = BATCH): Promise<number> {
    const changes = await db
      .selectFrom('analytics_changes')
      .select(['id', 'event_id'])
      .orderBy('id')
      .limit(limit)
      .execute();
    if (changes.length === 0) return 0;
    for (const eventId of new Set(changes.map((c) => c.event_id))) {
      const exists = await db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
      if (!exists) {
        await db.deleteFrom('analytics_event_rollups').where('event_id', '=', eventId).execute();
        continue;
      }
      const r = await computeRollup(db, leads, eventId);
      const values = {
        registrations: r.registrations,
        attendees: r.attendees,
        attendees_live: r.attendees_live,
        attendees_replay: r.attendees_replay,
        influence: r.influence === null ? null : JSON.stringify(r.influence),
        computed_at: clock.now().toISOString(),
      };
      await db
        .insertInto('analytics_event_rollups')
        .values({ event_id: eventId, ...values })
        .onConflict((oc) => oc.column('event_id').doUpdateSet(values))
        .execute();
    }
    const ids = changes.map((c) => c.id);
    for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
      await db
        .deleteFrom('analytics_changes')
        .where('id', 'in', ids.slice(i, i + DELETE_CHUNK))
        .execute();
    }
    return changes.length;
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
