import { type Figure, type Unavailable, unavailable } from './figure.js';

/** The lead funnel of one event: counts, and the won deals' amount (in the organiser's currency). */
export interface LeadCounts {
  leads: number;
  mqls: number;
  opportunities: number;
  won: number;
  wonAmount: number;
}

/**
 * What an event influenced, dated, for the weekly review: when each of its qualified attendees
 * first qualified, and the opportunities and wins (when, how much) that followed their first
 * watch. Dated rather than summed, so a review can add "to date" and "this week" for any week
 * from one stored copy (the event's rollup).
 */
export interface EventInfluence {
  mqls: string[];
  opportunities: [at: string, amount: number][];
  wins: [at: string, amount: number][];
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
  eventInfluence(eventId: string): Promise<Figure<EventInfluence>>;
  /** Set when this source has nothing to give (the leads module is not installed). */
  missing?: Unavailable;
}

export const LEADS_MISSING = unavailable(
  'lead_stages',
  'Leads, MQLs, opportunities and deals are recorded by the leads module, which is not installed yet',
);

export const noLeads: LeadsSource = {
  forEvent: async () => LEADS_MISSING,
  eventInfluence: async () => LEADS_MISSING,
  missing: LEADS_MISSING,
};
