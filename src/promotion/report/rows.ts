/**
 * The channel report's maths (issue 14 item 7, analytics item 3), pure: counts per channel
 * in, rows with rates and costs out. A rate or a cost per something is null when it cannot
 * be computed (nothing to divide by, no cost given) — never a 0 that reads like a fact.
 */

/** The facts counted for one channel (or for registrations without one). */
export interface ChannelCounts {
  views: number;
  uniqueVisitors: number;
  registrations: number;
  attendeesLive: number;
  attendeesReplay: number;
  /** Watched live or on replay (a person who did both counts once). */
  attendees: number;
  /** Attendees the team did not disqualify (see the event dashboard's funnel). */
  leads: number;
  mqls: number;
  opportunities: number;
  /** Won deals' amounts, as recorded. */
  revenue: number;
}

export interface ChannelMeta {
  id: string | null;
  code: string | null;
  name: string | null;
  kind: string | null;
  status: 'active' | 'archived' | null;
  /** Minor units. */
  costMinor: number | null;
  currency: string | null;
}

export interface ReportRow extends ChannelMeta, ChannelCounts {
  /** Registrations per landing view. */
  registrationRate: number | null;
  /** Attendees per registration. */
  attendanceRate: number | null;
  cost: number | null;
  costPerRegistration: number | null;
  costPerAttendee: number | null;
  costPerLead: number | null;
  costPerMql: number | null;
}

export const zeroCounts = (): ChannelCounts => ({
  views: 0,
  uniqueVisitors: 0,
  registrations: 0,
  attendeesLive: 0,
  attendeesReplay: 0,
  attendees: 0,
  leads: 0,
  mqls: 0,
  opportunities: 0,
  revenue: 0,
});

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
const money = (minor: number | null, count: number) =>
  minor === null || count === 0 ? null : Math.round(minor / count) / 100;

export function reportRow(meta: ChannelMeta, counts: ChannelCounts): ReportRow {
  return {
    ...meta,
    ...counts,
    registrationRate: ratio(counts.registrations, counts.views),
    attendanceRate: ratio(counts.attendees, counts.registrations),
    cost: meta.costMinor === null ? null : meta.costMinor / 100,
    costPerRegistration: money(meta.costMinor, counts.registrations),
    costPerAttendee: money(meta.costMinor, counts.attendees),
    costPerLead: money(meta.costMinor, counts.leads),
    costPerMql: money(meta.costMinor, counts.mqls),
  };
}

/**
 * The totals row: counts added up; the cost only when every costed channel uses the same
 * currency (adding yuan to dollars would be a made-up number), else null with the currency.
 */
export function totalsRow(rows: ReportRow[]): ReportRow {
  const counts = zeroCounts();
  for (const r of rows) for (const k of Object.keys(counts) as (keyof ChannelCounts)[]) counts[k] += r[k];
  const costed = rows.filter((r) => r.costMinor !== null);
  const currencies = new Set(costed.map((r) => r.currency));
  const single = currencies.size === 1;
  return reportRow(
    {
      id: null,
      code: null,
      name: null,
      kind: null,
      status: null,
      costMinor: single ? costed.reduce((sum, r) => sum + r.costMinor!, 0) : null,
      currency: single ? [...currencies][0]! : null,
    },
    counts,
  );
}
