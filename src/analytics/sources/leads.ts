import { type Figure, unavailable } from './figure.js';

/** The lead funnel of one event: counts, and the won deals' amount (in the organiser's currency). */
export interface LeadCounts {
  leads: number;
  mqls: number;
  opportunities: number;
  won: number;
  wonAmount: number;
}

/** An event's influence on the pipeline, for the weekly review: to date, and what this week added. */
export interface LeadInfluence {
  mqls: number;
  mqlsThisWeek: number;
  pipeline: number;
  pipelineThisWeek: number;
  revenue: number;
  revenueThisWeek: number;
}

/**
 * Where leads, MQLs, opportunities and deals come from: the leads module's contact stage
 * history. The composition root passes its implementation; until one exists these steps and
 * columns are not available.
 */
export interface LeadsSource {
  forEvent(
    eventId: string,
  ): Promise<Figure<{ total: LeadCounts; byChannel: Map<string | null, LeadCounts> }>>;
  /** Per event id; `since` starts "this week". */
  influence(eventIds: string[], since: string): Promise<Figure<Map<string, LeadInfluence>>>;
}

export const LEADS_MISSING = unavailable(
  'lead_stages',
  'Leads, MQLs, opportunities and deals are recorded by the leads module, which is not installed yet',
);

export const noLeads: LeadsSource = {
  forEvent: async () => LEADS_MISSING,
  influence: async () => LEADS_MISSING,
};
