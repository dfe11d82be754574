import { type Figure, unavailable } from './figure.js';

/** Landing-page visits of one event, in total and per channel (`null` = no channel). */
export interface EventVisits {
  total: number;
  byChannel: Map<string | null, number>;
}

/**
 * Where the funnel's first step comes from. The promotion module records landing visits
 * (`promotion_*` tables); the composition root passes its implementation of this port, and
 * until one exists every report shows visits as not available.
 */
export interface VisitsSource {
  forEvent(eventId: string): Promise<Figure<EventVisits>>;
  /** Display names of the channels `registrations.channel` refers to, by that value. */
  channelNames?(eventId: string): Promise<Map<string, string>>;
}

export const VISITS_MISSING = unavailable(
  'promotion_visits',
  'Landing-page visits are recorded by the promotion module, which is not installed yet',
);

export const noVisits: VisitsSource = { forEvent: async () => VISITS_MISSING };
