import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { LiveService } from '../live/service.js';
import { StudioHub } from './hub.js';
import { iceServers } from './ice.js';
import { Studio } from './studio.js';

export interface StudioServices {
  studio: Studio;
  studioHub: StudioHub;
}

/** The studio's records and its signalling hub (one per process, like the embedded ingest). */
export function createStudio(deps: {
  db: Kysely<Database>;
  clock: Clock;
  config: Config;
  live: LiveService;
  logger?: FastifyBaseLogger;
}): StudioServices {
  const studio = new Studio({ db: deps.db, clock: deps.clock, live: deps.live });
  const studioHub = new StudioHub({
    studio,
    ice: (participant) => iceServers(deps.config.studio, participant, Date.now()),
    log: deps.logger ?? { debug: () => {} },
  });
  return { studio, studioHub };
}
