import type { FastifyBaseLogger } from 'fastify';
import { type Accounts, createAccounts } from './accounts/accounts.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { createEvents, type Events } from './events/events.js';
import { createFiles, type Files } from './files/files.js';
import { Assets } from './http/assets.js';
import { createRegistrations, type Registrations } from './registration/registrations.js';

/** Everything the HTTP layer needs, built once by the composition root (src/main.ts) or a test. */
export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  assets: Assets;
  accounts: Accounts;
  events: Events;
  files: Files;
  registrations: Registrations;
}

export function createServices(deps: {
  config: Config;
  db: Db;
  clock: Clock;
  logger?: FastifyBaseLogger;
}): Services {
  const { config, db, clock } = deps;
  const kysely = db.kysely;
  return {
    config,
    db,
    clock,
    assets: new Assets(),
    accounts: createAccounts({ db: kysely, clock, config }),
    events: createEvents({ db: kysely, clock }),
    files: createFiles({ db: kysely, clock, dataDir: config.dataDir, maxBytes: config.uploadMaxBytes }),
    registrations: createRegistrations({ db: kysely, clock }),
  };
}
