/**
 * Promotion (issue 14): an event's tracked channels and their links and QR codes
 * (`channels/`), landing-page views and the first-party visitor id (`visits/`), first-touch
 * attribution of registrations (`attribution/`) and the channel report (`report/`). See
 * docs/promotion.md.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { LeadsSource } from '../analytics/sources/leads.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import type { EventRow } from '../events/events.js';
import { createAttribution } from './attribution/attribution.js';
import { createChannels } from './channels/channels.js';
import { createReport } from './report/report.js';
import { createVisits } from './visits/visits.js';

export type Promotion = ReturnType<typeof createPromotion>;

export function createPromotion(deps: {
  db: Kysely<Database>;
  clock: Clock;
  eventBySlug: (slug: string) => Promise<EventRow | undefined>;
  secureCookies: boolean;
  /** Leads, MQLs, opportunities and deals per channel: the same figures as the event dashboard. */
  leads: LeadsSource;
  logger?: FastifyBaseLogger;
}) {
  const { db, clock } = deps;
  const channels = createChannels({ db, clock });
  const visits = createVisits({ ...deps, channels });
  return {
    channels,
    visits,
    /** `{channel, utm, visitor, firstTouchAt}` of a registration request (see attribution.ts). */
    attribution: createAttribution({ clock, channels, visits }),
    report: createReport({ db, channels, visits, leads: deps.leads }),
  };
}
