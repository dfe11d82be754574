import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Stage } from '../../leads/lifecycle.js';
import type { EventInfluence, LeadCounts, LeadsSource } from './leads.js';

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
export function leadHistorySource(db: Kysely<Database>): LeadsSource {
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

    async eventInfluence(eventId) {
      const [registrants, watched] = await Promise.all([
        db
          .selectFrom('registrations')
          .select(['id', 'contact_id'])
          .where('event_id', '=', eventId)
          .where('status', '=', 'active')
          .execute(),
        firstWatched(db, [eventId]),
      ]);
      const watchers = registrants.filter((r) => watched.has(r.id));
      const history = await stageHistory(
        db,
        watchers.map((w) => w.contact_id),
      );
      const value: EventInfluence = { mqls: [], opportunities: [], wins: [] };
      for (const w of watchers) {
        const outcome = influence(history.get(w.contact_id) ?? [], watched.get(w.id)!);
        if (!outcome.qualifiedAt) continue;
        value.mqls.push(outcome.qualifiedAt);
        for (const o of outcome.opportunities) value.opportunities.push([o.at, o.amount]);
        for (const x of outcome.wins) value.wins.push([x.at, x.amount]);
      }
      return { available: true, value };
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
async function chunked<T>(ids: string[], query: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await query(ids.slice(i, i + CHUNK))));
  return out;
}

/** Qualifying moves per contact, in time order. */
async function stageHistory(db: Kysely<Database>, contactIds: string[]) {
  const rows = await chunked(contactIds, (ids) =>
    db
      .selectFrom('lead_stage_history')
      .select(['contact_id', 'to_stage', 'at', 'amount'])
      .where('to_stage', 'in', QUALIFIED)
      .where('contact_id', 'in', ids)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  );
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
