import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { Stage } from '../../leads/lifecycle.js';
import type { LeadCounts, LeadInfluence, LeadsSource } from './leads.js';

/**
 * The leads source read from the leads module's facts: registrations, watch time and the
 * contact stage history (`lead_stage_history`), never the current stage alone, so a deal won
 * later still counts for the events that led to it.
 *
 * For one event, over the contacts who registered and watched it (live or replay):
 * - **leads**: those attendees, less any the team disqualified;
 * - **MQLs**: leads who ever reached MQL or beyond (accepted, opportunity, won), whenever;
 * - **opportunities**: leads with an opportunity created after they first watched the event
 *   (influence: the event came before the opportunity — a replay watched months later counts
 *   from then on);
 * - **won**: those opportunities' contacts with a win after it; the amount is the win's.
 *
 * Each step is a subset of the one before, so the funnel's rates stay below 100 %. Amounts are
 * added as recorded: LeadCast does not convert currencies.
 */
export function leadHistorySource(db: Kysely<Database>, dialect: Dialect): LeadsSource {
  return {
    async forEvent(eventId) {
      const [registrants, watched] = await Promise.all([
        db
          .selectFrom('registrations as r')
          .leftJoin('leads as l', 'l.contact_id', 'r.contact_id')
          .select(['r.id', 'r.contact_id', 'r.channel', 'l.stage'])
          .where('r.event_id', '=', eventId)
          .where('r.status', '=', 'active')
          .execute(),
        firstWatched(db, [eventId]),
      ]);
      const attendees = registrants.filter((r) => watched.has(r.id) && r.stage !== 'disqualified');
      const history = await stageHistory(
        db,
        attendees.map((a) => a.contact_id),
      );
      const total = zero();
      const byChannel = new Map<string | null, LeadCounts>();
      for (const a of attendees) {
        const counts = byChannel.get(a.channel) ?? zero();
        byChannel.set(a.channel, counts);
        const outcome = influence(history.get(a.contact_id) ?? [], watched.get(a.id)!);
        for (const c of [total, counts]) {
          c.leads++;
          if (outcome.qualifiedAt) c.mqls++;
          if (outcome.opportunities.length > 0) c.opportunities++;
          if (outcome.wins.length > 0) {
            c.won++;
            c.wonAmount += outcome.wins.at(-1)!.amount;
          }
        }
      }
      return { available: true, value: { total, byChannel } };
    },

    async influence(eventIds, since) {
      const history = await stageHistory(db, null);
      const registrations = await qualifiedWatchers(db, dialect, history, new Set(eventIds));
      const result = new Map<string, LeadInfluence>();
      for (const r of registrations) {
        const outcome = influence(history.get(r.contact_id) ?? [], String(r.first));
        if (!outcome.qualifiedAt) continue;
        const row = result.get(r.event_id) ?? {
          mqls: 0,
          mqlsThisWeek: 0,
          pipeline: 0,
          pipelineThisWeek: 0,
          revenue: 0,
          revenueThisWeek: 0,
        };
        result.set(r.event_id, row);
        row.mqls++;
        if (outcome.qualifiedAt >= since) row.mqlsThisWeek++;
        for (const o of outcome.opportunities) {
          row.pipeline += o.amount;
          if (o.at >= since) row.pipelineThisWeek += o.amount;
        }
        for (const w of outcome.wins) {
          row.revenue += w.amount;
          if (w.at >= since) row.revenueThisWeek += w.amount;
        }
      }
      return { available: true, value: result };
    },
  };
}

interface Move {
  to: Stage;
  at: string;
  amount: number;
}

const QUALIFIED: Stage[] = ['mql', 'accepted', 'opportunity', 'won'];

/**
 * What one contact's history gives an event they first watched at `firstWatch`: when they
 * first qualified (any time), the opportunities created after that watch, and the wins that
 * followed those opportunities. Pure; `moves` are in time order.
 */
export function influence(moves: Move[], firstWatch: string) {
  const qualifiedAt = moves.find((m) => QUALIFIED.includes(m.to))?.at ?? null;
  const opportunities = moves.filter((m) => m.to === 'opportunity' && m.at >= firstWatch);
  const firstOpportunity = opportunities[0]?.at;
  const wins = firstOpportunity ? moves.filter((m) => m.to === 'won' && m.at >= firstOpportunity) : [];
  return { qualifiedAt, opportunities, wins };
}

const zero = (): LeadCounts => ({ leads: 0, mqls: 0, opportunities: 0, won: 0, wonAmount: 0 });

const CHUNK = 500;
/** Bound parameters per lookup of many ids: within SQLite's 32,766 and PostgreSQL's 65,535. */
const LOOKUP_CHUNK = 5000;
async function chunked<T>(ids: string[], query: (ids: string[]) => Promise<T[]>, size = CHUNK): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await query(ids.slice(i, i + size))));
  return out;
}

/** Qualifying moves per contact, in time order; `contactIds` null for every contact with one. */
async function stageHistory(db: Kysely<Database>, contactIds: string[] | null) {
  const select = (ids: string[] | null) => {
    let q = db
      .selectFrom('lead_stage_history')
      .select(['contact_id', 'to_stage', 'at', 'amount'])
      .where('to_stage', 'in', QUALIFIED);
    if (ids) q = q.where('contact_id', 'in', ids);
    return q.orderBy('at').orderBy('id').execute();
  };
  const rows = contactIds ? await chunked(contactIds, select) : await select(null);
  const byContact = new Map<string, Move[]>();
  for (const r of rows) {
    const moves = byContact.get(r.contact_id) ?? [];
    byContact.set(r.contact_id, moves);
    moves.push({ to: r.to_stage, at: r.at, amount: Number(r.amount ?? 0) });
  }
  return byContact;
}

const watchedSql = sql<number>`live_seconds + replay_seconds`;

/** Registration id → when it first watched (a session that credited watch time), for events. */
async function firstWatched(db: Kysely<Database>, eventIds: string[]) {
  const rows = await db
    .selectFrom('room_attendance')
    .select((eb) => ['registration_id', eb.fn.min('joined_at').as('first')])
    .where('event_id', 'in', eventIds)
    .where('registration_id', 'is not', null)
    .where(watchedSql, '>', 0)
    .groupBy('registration_id')
    .execute();
  return new Map(rows.map((r) => [r.registration_id as string, String(r.first)]));
}

/**
 * The registrations of contacts who ever qualified, with when each first watched, for the
 * events wanted. Two plans, each the faster one measured on its database at 1 M registrations
 * (bench/analytics): PostgreSQL joins registrations to attendance in one query (hash joins);
 * SQLite reads them through the contact and registration indexes from the qualified contacts,
 * a few per cent of registrants (the join cost it a pass over both tables: ~300 ms more),
 * whereas PostgreSQL plans those long id lists as table scans (about three times slower).
 */
async function qualifiedWatchers(
  db: Kysely<Database>,
  dialect: Dialect,
  history: Map<string, Move[]>,
  wanted: ReadonlySet<string>,
): Promise<{ id: string; event_id: string; contact_id: string; first: string }[]> {
  if (dialect === 'postgres') {
    const rows = await db
      .selectFrom('registrations as r')
      .innerJoin('room_attendance as a', (join) =>
        join.onRef('a.event_id', '=', 'r.event_id').onRef('a.registration_id', '=', 'r.id'),
      )
      .select((eb) => ['r.id', 'r.event_id', 'r.contact_id', eb.fn.min('a.joined_at').as('first')])
      .where('r.status', '=', 'active')
      .where('r.contact_id', 'in', (eb) =>
        eb.selectFrom('lead_stage_history').select('contact_id').where('to_stage', 'in', QUALIFIED),
      )
      .where(sql<number>`a.live_seconds + a.replay_seconds`, '>', 0)
      .groupBy(['r.id', 'r.event_id', 'r.contact_id'])
      .execute();
    return rows.filter((r) => wanted.has(r.event_id)).map((r) => ({ ...r, first: String(r.first) }));
  }
  const qualified = await chunked(
    [...history.keys()],
    (ids) =>
      db
        .selectFrom('registrations')
        .select(['id', 'event_id', 'contact_id'])
        .where('contact_id', 'in', ids)
        .where('status', '=', 'active')
        .execute(),
    LOOKUP_CHUNK,
  );
  const ofEvents = qualified.filter((r) => wanted.has(r.event_id));
  const first = new Map(
    (
      await chunked(
        ofEvents.map((r) => r.id),
        (ids) =>
          db
            .selectFrom('room_attendance')
            .select((eb) => ['registration_id', eb.fn.min('joined_at').as('first')])
            .where('registration_id', 'in', ids)
            .where(watchedSql, '>', 0)
            .groupBy('registration_id')
            .execute(),
        LOOKUP_CHUNK,
      )
    ).map((r) => [r.registration_id as string, String(r.first)]),
  );
  return ofEvents.flatMap((r) => {
    const watched = first.get(r.id);
    return watched ? [{ ...r, first: watched }] : [];
  });
}
