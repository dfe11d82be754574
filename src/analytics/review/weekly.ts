import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { eventRef } from '../funnel/dashboard.js';
import type { WeeklyReviewView } from '../schemas.js';
import type { EventInfluence, LeadsSource } from '../sources/leads.js';
import { computeRollup, type EventRollup, rollupOf } from './rollups.js';

const WEEK_MS = 7 * 86_400_000;
/** Event ids per bound list: far within SQLite's and PostgreSQL's parameter limits. */
const EVENT_CHUNK = 1000;
type Counts = Record<string, number>;

/**
 * The weekly review: every published event, old ones included (a replay from months ago still
 * brings viewers), with its registrations, attendance and lead influence to date, read from
 * the events' rollups (an event whose facts changed since is computed afresh), and what the
 * last seven days added, counted from the facts of the last two weeks. Lead columns are null
 * while the leads source is not available.
 *
 * `fromFacts` skips the stored rollups and computes every event from its facts: the direct
 * computation the rollups are tested against.
 */
export async function weeklyReview(
  db: Kysely<Database>,
  leadsSource: LeadsSource,
  now: Date,
  options: { fromFacts?: boolean } = {},
): Promise<WeeklyReviewView> {
  const to = now.toISOString();
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const previous = new Date(now.getTime() - 2 * WEEK_MS).toISOString();
  const events = await db
    .selectFrom('events')
    .selectAll()
    .where('status', '!=', 'draft')
    .orderBy('starts_at', 'desc')
    .execute();
  const ids = events.map((e) => e.id);
  const [rollups, registrations, attendance] = await Promise.all([
    options.fromFacts ? new Map<string, EventRollup>() : storedRollups(db, leadsSource),
    registrationCounts(db, ids, since, previous, to),
    attendanceCounts(db, since, previous, to),
  ]);
  for (const id of ids) {
    if (!rollups.has(id)) rollups.set(id, await computeRollup(db, leadsSource, id));
  }
  // Over the events listed (a draft's test sessions are not the week's audience).
  const total = (m: Map<string, Counts>, key: string) =>
    ids.reduce((sum, id) => sum + (m.get(id)?.[key] ?? 0), 0);
  const missing = leadsSource.missing;
  return {
    week: { from: since, to, previous_from: previous },
    sources: {
      leads: missing
        ? { available: false, missing: missing.missing, reason: missing.reason }
        : { available: true },
    },
    totals: {
      registrations_this_week: total(registrations, 'week'),
      registrations_previous_week: total(registrations, 'previous'),
      attendees_this_week: total(attendance, 'week'),
      attendees_previous_week: total(attendance, 'previous'),
    },
    events: events.map((e) => {
      const rollup = rollups.get(e.id)!;
      const w = registrations.get(e.id);
      const a = attendance.get(e.id);
      const l = missing ? undefined : influenceTotals(rollup.influence, since);
      const lead = (value: number | undefined) => (missing ? null : (value ?? 0));
      return {
        event: eventRef(e),
        registrations: rollup.registrations,
        registrations_this_week: w?.week ?? 0,
        attendees: rollup.attendees,
        attendees_live: rollup.attendees_live,
        attendees_replay: rollup.attendees_replay,
        attendees_this_week: a?.week ?? 0,
        mqls: lead(l?.mqls),
        mqls_this_week: lead(l?.mqlsThisWeek),
        pipeline: lead(l?.pipeline),
        pipeline_this_week: lead(l?.pipelineThisWeek),
        revenue: lead(l?.revenue),
        revenue_this_week: lead(l?.revenueThisWeek),
      };
    }),
  };
}

/** An event's influence to date and since `since`, from its dated MQLs, opportunities and wins. */
export function influenceTotals(influence: EventInfluence | null, since: string) {
  const sum = (items: [string, number][], from = '') =>
    items.reduce((total, [at, amount]) => (at >= from ? total + amount : total), 0);
  const mqls = influence?.mqls ?? [];
  const opportunities = influence?.opportunities ?? [];
  const wins = influence?.wins ?? [];
  return {
    mqls: mqls.length,
    mqlsThisWeek: mqls.filter((at) => at >= since).length,
    pipeline: sum(opportunities),
    pipelineThisWeek: sum(opportunities, since),
    revenue: sum(wins),
    revenueThisWeek: sum(wins, since),
  };
}

/**
 * The stored rollups that are current: an event listed in `analytics_changes` is left out (its
 * stored row predates a change), and so is one stored without lead figures while the leads
 * source has them.
 */
async function storedRollups(db: Kysely<Database>, leadsSource: LeadsSource) {
  // The list first, then the rows: a refresh that commits in between stored a row at least as
  // new as the list read (read the other way round, a row read just before a refresh's commit
  // and a list read just after it would pass an outdated row as current).
  const changed = await db.selectFrom('analytics_changes').select('event_id').distinct().execute();
  const rows = await db.selectFrom('analytics_event_rollups').selectAll().execute();
  const stale = new Set(changed.map((c) => c.event_id));
  const current = new Map<string, EventRollup>();
  for (const row of rows) {
    if (stale.has(row.event_id) || (row.influence === null && !leadsSource.missing)) continue;
    current.set(row.event_id, rollupOf(row));
  }
  return current;
}

const toCounts = (row: Record<string, unknown>): Counts =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v ?? 0)]));

/** 1 when `column` lies in [from, until), else 0: a count of "this week" inside one scan. */
const within = (column: string, from: string, until: string) =>
  sql<number>`case when ${sql.ref(column)} >= ${from} and ${sql.ref(column)} < ${until} then 1 else 0 end`;

/** Standing registrations per event made this week and the week before. */
async function registrationCounts(
  db: Kysely<Database>,
  eventIds: string[],
  since: string,
  previous: string,
  to: string,
) {
  const counts = new Map<string, Counts>();
  // Per event through the (event_id, status, created_at) index: a range seek each, never a
  // pass over every registration.
  for (let i = 0; i < eventIds.length; i += EVENT_CHUNK) {
    const rows = await db
      .selectFrom('registrations')
      .select((eb) => [
        'event_id',
        eb.fn.sum(within('created_at', since, to)).as('week'),
        eb.fn.sum(within('created_at', previous, since)).as('previous'),
      ])
      .where('event_id', 'in', eventIds.slice(i, i + EVENT_CHUNK))
      .where('status', '=', 'active')
      .where('created_at', '>=', previous)
      .where('created_at', '<', to)
      .groupBy('event_id')
      .execute();
    for (const { event_id, ...c } of rows) counts.set(event_id, toCounts(c));
  }
  return counts;
}

/**
 * Registered viewers who watched in this week or the week before, per event: a session that
 * started then and credited watch time (read through the `joined_at` index).
 */
async function attendanceCounts(db: Kysely<Database>, since: string, previous: string, to: string) {
  const watchedIn = (from: string, until: string) =>
    sql<number>`max(case when joined_at >= ${from} and joined_at < ${until} then 1 else 0 end)`;
  const rows = await db
    .selectFrom('room_attendance')
    .select(['event_id', watchedIn(since, to).as('week'), watchedIn(previous, since).as('previous')])
    .where('joined_at', '>=', previous)
    .where('joined_at', '<', to)
    .where('registration_id', 'is not', null)
    .where(sql<number>`live_seconds + replay_seconds`, '>', 0)
    .groupBy(['event_id', 'registration_id'])
    .execute();
  const counts = new Map<string, Counts>();
  for (const r of rows) {
    const c = counts.get(r.event_id) ?? { week: 0, previous: 0 };
    counts.set(r.event_id, c);
    c.week! += Number(r.week);
    c.previous! += Number(r.previous);
  }
  return counts;
}
