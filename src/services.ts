import type { FastifyBaseLogger } from 'fastify';
import { type Accounts, createAccounts } from './accounts/accounts.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';

/** Everything the HTTP layer needs, built once by the composition root (src/main.ts) or a test. */
export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  accounts: Accounts;
}

export function createServices(deps: { config: Config; db: Db; clock: Clock; logger?: FastifyBaseLogger }): Services {
  const { config, db, clock } = deps;
  const accounts = createAccounts({ db: db.kysely, clock, config });
  return { config, db, clock, accounts };
}
