import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { eventRef } from '../funnel/dashboard.js';
import type { WeeklyReviewView } from '../schemas.js';
import type { LeadsSource } from '../sources/leads.js';

const WEEK_MS = 7 * 86_400_000;
type Counts = Record<string, number>;

/**
 * The weekly review: every published event, old ones included (a replay from months ago still
 * brings viewers), with its registrations and attendance to date and what the last seven days
 * added; lead columns come from the leads source and are null while it is not available.
 */
export async function weeklyReview(
  db: Kysely<Database>,
  leadsSource: LeadsSource,
  now: Date,
): Promise<WeeklyReviewView> {
  const to = now.toISOString();
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const previous = new Date(now.getTime() - 2 * WEEK_MS).toISOString();
  const [events, registrations, attendance] = await Promise.all([
    db.selectFrom('events').selectAll().where('status', '!=', 'draft').orderBy('starts_at', 'desc').execute(),
    registrationCounts(db, since, previous, to),
    attendanceCounts(db, since, previous, to),
  ]);
  const leads = await leadsSource.influence(
    events.map((e) => e.id),
    since,
  );
  const total = (m: Map<string, Counts>, key: string) =>
    [...m.values()].reduce((sum, c) => sum + (c[key] ?? 0), 0);
  return {
    week: { from: since, to, previous_from: previous },
    sources: {
      leads: leads.available
        ? { available: true }
        : { available: false, missing: leads.missing, reason: leads.reason },
    },
    totals: {
      registrations_this_week: total(registrations, 'week'),
      registrations_previous_week: total(registrations, 'previous'),
      attendees_this_week: total(attendance, 'week'),
      attendees_previous_week: total(attendance, 'previous'),
    },
    events: events.map((e) => {
      const r = registrations.get(e.id);
      const a = attendance.get(e.id);
      const l = leads.available ? leads.value.get(e.id) : undefined;
      const lead = (value: number | undefined) => (leads.available ? (value ?? 0) : null);
      return {
        event: eventRef(e),
        registrations: r?.total ?? 0,
        registrations_this_week: r?.week ?? 0,
        attendees: a?.total ?? 0,
        attendees_live: a?.live ?? 0,
        attendees_replay: a?.replay ?? 0,
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

const toCounts = (row: Record<string, unknown>): Counts =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v ?? 0)]));

/** 1 when `column` lies in [from, until), else 0: a count of "this week" inside one scan. */
const within = (column: string, from: string, until: string) =>
  sql<number>`case when ${sql.ref(column)} >= ${from} and ${sql.ref(column)} < ${until} then 1 else 0 end`;

/** Standing registrations per event: all, this week's and the week before's. */
async function registrationCounts(db: Kysely<Database>, since: string, previous: string, to: string) {
  const rows = await db
    .selectFrom('registrations')
    .select((eb) => [
      'event_id',
      eb.fn.countAll().as('total'),
      eb.fn.sum(within('created_at', since, to)).as('week'),
      eb.fn.sum(within('created_at', previous, since)).as('previous'),
    ])
    .where('status', '=', 'active')
    .groupBy('event_id')
    .execute();
  return new Map(rows.map(({ event_id, ...counts }) => [event_id, toCounts(counts)]));
}

/**
 * Registered viewers who watched, per event: to date, live, replay, and those who watched in
 * this week or the week before (a session that started then and credited watch time).
 */
async function attendanceCounts(db: Kysely<Database>, since: string, previous: string, to: string) {
  const watchedIn = (from: string, until: string) =>
    sql<number>`max(case when joined_at >= ${from} and joined_at < ${until} and live_seconds + replay_seconds > 0 then 1 else 0 end)`;
  const perViewer = db
    .selectFrom('room_attendance')
    .select((eb) => [
      'event_id',
      'registration_id',
      eb.fn.sum<number>('live_seconds').as('live'),
      eb.fn.sum<number>('replay_seconds').as('replay'),
      watchedIn(since, to).as('week'),
      watchedIn(previous, since).as('previous'),
    ])
    .where('registration_id', 'is not', null)
    .groupBy(['event_id', 'registration_id'])
    .having((eb) => eb(eb.fn.sum('live_seconds'), '+', eb.fn.sum('replay_seconds')), '>', 0);
  const rows = await db
    .selectFrom(perViewer.as('v'))
    .select((eb) => [
      'v.event_id',
      eb.fn.countAll().as('total'),
      eb.fn.sum(sql<number>`case when v.live > 0 then 1 else 0 end`).as('live'),
      eb.fn.sum(sql<number>`case when v.replay > 0 then 1 else 0 end`).as('replay'),
      eb.fn.sum('v.week').as('week'),
      eb.fn.sum('v.previous').as('previous'),
    ])
    .groupBy('v.event_id')
    .execute();
  return new Map(rows.map(({ event_id, ...counts }) => [event_id, toCounts(counts)]));
}
