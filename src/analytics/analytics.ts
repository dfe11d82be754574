/**
 * Analytics (issue 16): the event dashboard, the live report and the weekly review, computed
 * from recorded facts (no counters that could drift); the weekly review reads per-event
 * rollups rebuilt from those facts (review/rollups.ts). Visits and lead
 * figures come through ports (sources/): the composition root passes promotion's visits and
 * the lead stage history; a source not passed is reported as not available.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import type { Events } from '../events/events.js';
import { buildDashboard } from './funnel/dashboard.js';
import { createLiveFacts } from './live/facts.js';
import { liveReport } from './live/report.js';
import { weeklyReview } from './review/weekly.js';
import type { DashboardView, LiveReportView, WeeklyReviewView } from './schemas.js';
import { eventViewers } from './sources/attendance.js';
import { type LeadsSource, noLeads } from './sources/leads.js';
import { eventRegistrations } from './sources/registrations.js';
import { noVisits, type VisitsSource } from './sources/visits.js';

export type Analytics = ReturnType<typeof createAnalytics>;

export function createAnalytics(deps: {
  db: Kysely<Database>;
  clock: Clock;
  events: Events;
  visits?: VisitsSource;
  leads?: LeadsSource;
}) {
  const { db, clock, events } = deps;
  const visits = deps.visits ?? noVisits;
  const leads = deps.leads ?? noLeads;
  const live = createLiveFacts(db);
  return {
    /** Throws NOT_FOUND for an unknown event. */
    async dashboard(eventId: string): Promise<DashboardView> {
      const event = await events.getEvent(eventId);
      const [registrations, viewers, visitFigure, leadFigure, channelNames] = await Promise.all([
        eventRegistrations(db, event.id),
        eventViewers(db, event.id),
        visits.forEvent(event.id),
        leads.forEvent(event.id),
        visits.channelNames?.(event.id) ?? new Map<string, string>(),
      ]);
      return buildDashboard({
        event,
        registrations,
        viewers,
        visits: visitFigure,
        leads: leadFigure,
        channelNames,
      });
    },

    async liveReport(eventId: string): Promise<LiveReportView> {
      const event = await events.getEvent(eventId);
      return liveReport(live, event, await eventViewers(db, event.id));
    },

    weeklyReview(): Promise<WeeklyReviewView> {
      return weeklyReview(db, leads, clock.now());
    },
  };
}
