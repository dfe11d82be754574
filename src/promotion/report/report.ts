import type { Kysely } from 'kysely';
import type { LeadsSource } from '../../analytics/sources/leads.js';
import type { Database } from '../../db/schema.js';
import type { Channels } from '../channels/channels.js';
import type { Visits } from '../visits/visits.js';
import { type ChannelCounts, type ReportRow, reportRow, totalsRow, zeroCounts } from './rows.js';

export interface ChannelReport {
  /** One row per channel (archived ones too: their history stays), then registrations without a channel. */
  rows: ReportRow[];
  totals: ReportRow;
}

/**
 * The channel report of an event, from the facts: landing views, registrations that stand
 * (not revoked), the room's attendance (live and replay seconds per registration) and the
 * leads, MQLs, opportunities and won deals of the event dashboard (`LeadsSource`, read from
 * the lead stage history), so the two reports never disagree.
 */
export function createReport(deps: {
  db: Kysely<Database>;
  channels: Pick<Channels, 'list'>;
  visits: Pick<Visits, 'perChannel'>;
  leads: LeadsSource;
}) {
  const { db, channels, visits } = deps;

  async function counted(eventId: string): Promise<Map<string | null, ChannelCounts>> {
    const counts = new Map<string | null, ChannelCounts>();
    const of = (channel: string | null) => {
      const c = counts.get(channel) ?? zeroCounts();
      counts.set(channel, c);
      return c;
    };
    for (const [channel, v] of await visits.perChannel(eventId)) {
      of(channel).views = v.views;
      of(channel).uniqueVisitors = v.uniques;
    }
    const registrations = await db
      .selectFrom('registrations')
      .select((eb) => ['channel', eb.fn.countAll<number>().as('n')])
      .where('event_id', '=', eventId)
      .where('status', '=', 'active')
      .groupBy('channel')
      .execute();
    for (const r of registrations) of(r.channel).registrations = Number(r.n);
    const watched = await db
      .selectFrom('room_attendance as a')
      .innerJoin('registrations as r', 'r.id', 'a.registration_id')
      .select((eb) => [
        'r.channel',
        'a.registration_id',
        eb.fn.sum<number>('a.live_seconds').as('live'),
        eb.fn.sum<number>('a.replay_seconds').as('replay'),
      ])
      .where('a.event_id', '=', eventId)
      .where('r.status', '=', 'active')
      .groupBy(['r.channel', 'a.registration_id'])
      .execute();
    for (const w of watched) {
      const live = Number(w.live) > 0;
      const replay = Number(w.replay) > 0;
      const c = of(w.channel);
      if (live) c.attendeesLive += 1;
      if (replay) c.attendeesReplay += 1;
      if (live || replay) c.attendees += 1;
    }
    const leads = await deps.leads.forEvent(eventId);
    // The composition root always passes the stage-history source; a report without it
    // would show zeros that read like facts.
    if (!leads.available) throw new Error(`The channel report needs lead figures: ${leads.reason}`);
    for (const [channel, l] of leads.value.byChannel) {
      const c = of(channel);
      c.leads = l.leads;
      c.mqls = l.mqls;
      c.opportunities = l.opportunities;
      c.revenue = l.wonAmount;
    }
    return counts;
  }

  return {
    async forEvent(eventId: string): Promise<ChannelReport> {
      const [list, counts] = await Promise.all([channels.list(eventId, 'all'), counted(eventId)]);
      const rows = list.map((c) =>
        reportRow(
          {
            id: c.id,
            code: c.code,
            name: c.name,
            kind: c.kind,
            status: c.status,
            costMinor: c.cost_minor,
            currency: c.currency,
          },
          counts.get(c.id) ?? zeroCounts(),
        ),
      );
      // Registrations whose channel is not one of this event's channels (none, or a value
      // from before channels existed) are the "no channel" row.
      const known = new Set(list.map((c) => c.id));
      const rest = zeroCounts();
      for (const [channel, c] of counts)
        if (channel === null || !known.has(channel))
          for (const k of Object.keys(rest) as (keyof ChannelCounts)[]) rest[k] += c[k];
      rows.push(
        reportRow(
          { id: null, code: null, name: null, kind: null, status: null, costMinor: null, currency: null },
          rest,
        ),
      );
      return { rows, totals: totalsRow(rows) };
    },
  };
}

export type Report = ReturnType<typeof createReport>;
