import type { EventRow } from '../../events/events.js';
import { deviceOf } from '../../room/attendance.js';
import type { DashboardView } from '../schemas.js';
import { hasWatched, type ViewerFact } from '../sources/attendance.js';
import type { Figure } from '../sources/figure.js';
import type { LeadCounts } from '../sources/leads.js';
import type { RegistrationFact } from '../sources/registrations.js';
import type { EventVisits } from '../sources/visits.js';
import { localDay, perLocalDay } from './days.js';
import { funnel, ratio } from './funnel.js';

export const eventRef = (e: EventRow) => ({
  id: e.id,
  title: e.title,
  status: e.status,
  timeZone: e.timezone,
  starts_at: e.starts_at,
  ends_at: e.ends_at,
});

const sourceOf = (f: Figure<unknown>) =>
  f.available
    ? { available: true as const }
    : { available: false as const, missing: f.missing, reason: f.reason };

/**
 * The event dashboard from its facts: the funnel with conversion rates, and the split by
 * channel, device and local day of the promotion. Visits and lead figures come from their
 * sources and stay null (with the reason in `sources`) while those are not available.
 */
export function buildDashboard(input: {
  event: EventRow;
  registrations: RegistrationFact[];
  viewers: ViewerFact[];
  visits: Figure<EventVisits>;
  leads: Figure<{ total: LeadCounts; byChannel: Map<string | null, LeadCounts> }>;
  /** Names of the channels, by `registrations.channel` (from the visits source). */
  channelNames?: Map<string, string>;
}): DashboardView {
  const { event, registrations, visits, leads } = input;
  const watched = input.viewers.filter(hasWatched);
  const byRegistration = new Map(
    watched.filter((v) => v.registrationId).map((v) => [v.registrationId as string, v]),
  );
  const registered = registrations.map((r) => ({ ...r, viewer: byRegistration.get(r.id) }));
  const attendees = registered.filter((r) => r.viewer);
  const lead = leads.available ? leads.value : undefined;
  const leadStep = (n: (c: LeadCounts) => number) =>
    lead ? n(lead.total) : { missing: 'lead_stages' as const };

  const channelNames = [...new Set(registrations.map((r) => r.channel))].sort((a, b) =>
    (a ?? '').localeCompare(b ?? ''),
  );
  const channels = channelNames.map((channel) => {
    const regs = registered.filter((r) => r.channel === channel);
    const came = regs.filter((r) => r.viewer);
    const leadCounts = lead ? (lead.byChannel.get(channel) ?? zeroLeads) : undefined;
    return {
      channel,
      channel_name: (channel && input.channelNames?.get(channel)) || null,
      visits: visits.available ? (visits.value.byChannel.get(channel) ?? 0) : null,
      registrations: regs.length,
      attendees: came.length,
      attendees_live: came.filter((r) => r.viewer!.liveSeconds > 0).length,
      attendees_replay: came.filter((r) => r.viewer!.replaySeconds > 0).length,
      attendance_rate: ratio(came.length, regs.length),
      leads: leadCounts?.leads ?? null,
      mqls: leadCounts?.mqls ?? null,
      opportunities: leadCounts?.opportunities ?? null,
      won_amount: leadCounts?.wonAmount ?? null,
    };
  });

  const regDevices = { phone: 0, desktop: 0, unknown: 0 };
  for (const r of registrations) regDevices[r.user_agent ? deviceOf(r.user_agent) : 'unknown']++;
  const phones = watched.filter((v) => v.device === 'phone').length;

  const perMinute = new Map<string, { count: number; attended: number }>();
  for (const r of registered) {
    const key = r.created_at.slice(0, 16);
    const slot = perMinute.get(key) ?? { count: 0, attended: 0 };
    slot.count++;
    if (r.viewer) slot.attended++;
    perMinute.set(key, slot);
  }
  const attendedPerDay = new Map<string, number>();
  for (const [minute, slot] of perMinute) {
    const day = localDay(`${minute}:00.000Z`, event.timezone);
    attendedPerDay.set(day, (attendedPerDay.get(day) ?? 0) + slot.attended);
  }
  const days = perLocalDay(
    [...perMinute].map(([minute, slot]) => ({ minute: `${minute}:00.000Z`, count: slot.count })),
    event.timezone,
  ).map((d) => ({
    day: d.day,
    registrations: d.count,
    cumulative: d.cumulative,
    attendees: attendedPerDay.get(d.day) ?? 0,
  }));

  return {
    event: eventRef(event),
    sources: { visits: sourceOf(visits), leads: sourceOf(leads) },
    funnel: funnel({
      visits: visits.available ? visits.value.total : { missing: visits.missing },
      registrations: registrations.length,
      attendees: attendees.length,
      leads: leadStep((c) => c.leads),
      mqls: leadStep((c) => c.mqls),
      opportunities: leadStep((c) => c.opportunities),
      won: leadStep((c) => c.won),
    }),
    attendees: {
      total: attendees.length,
      live: attendees.filter((r) => r.viewer!.liveSeconds > 0).length,
      replay: attendees.filter((r) => r.viewer!.replaySeconds > 0).length,
      anonymous_viewers: watched.filter((v) => !v.registrationId).length,
    },
    won_amount: lead ? lead.total.wonAmount : null,
    channels,
    devices: {
      registrations: {
        ...regDevices,
        phone_share: ratio(regDevices.phone, regDevices.phone + regDevices.desktop),
      },
      attendees: {
        phone: phones,
        desktop: watched.length - phones,
        phone_share: ratio(phones, watched.length),
      },
    },
    days,
  };
}

const zeroLeads: LeadCounts = { leads: 0, mqls: 0, opportunities: 0, won: 0, wonAmount: 0 };
