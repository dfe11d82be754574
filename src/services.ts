import type { FastifyBaseLogger } from 'fastify';
import { type Accounts, createAccounts } from './accounts/accounts.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { createEvents, type Events } from './events/events.js';
import { createFiles, type Files } from './files/files.js';
import { Assets } from './http/assets.js';
import { createJobs, type Jobs } from './jobs/jobs.js';
import { createForms, type Forms } from './leads/forms/forms.js';
import { LiveService, silentLog } from './live/service.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { createMailTransport } from './mail/transport.js';
import { createOrganisation, type Organisation } from './organisation/organisation.js';
import { CONFIRMATION_JOB, confirmationJob } from './registration/confirmation-mail.js';
import { createRegistrations, type Registrations } from './registration/registrations.js';
import { createRoomService, type RoomService } from './room/service.js';
import { createSop, type Sop } from './sop/sop.js';

/** Everything the HTTP layer needs, built once by the composition root (src/main.ts) or a test. */
export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  assets: Assets;
  accounts: Accounts;
  events: Events;
  files: Files;
  organisation: Organisation;
  registrations: Registrations;
  forms: Forms;
  jobs: Jobs;
  mailer: Mailer;
  live: LiveService;
  room: RoomService;
  sop: Sop;
}

/**
 * The part of the graph background jobs need: events, registrations, mail, the SOP (its
 * daily digest) and the job queue with its handlers. Built by createServices, and on its
 * own by the job thread (src/jobs/runner.ts), which has its own database connection.
 */
export function createJobDomain(deps: {
  config: Config;
  db: Db;
  clock: Clock;
  logger?: FastifyBaseLogger;
  /** Whether an encoder is publishing to an event now; only the request thread's live service knows. */
  isPublishing?: (eventId: string) => boolean;
}) {
  const { config, db, clock, logger } = deps;
  const kysely = db.kysely;
  const events = createEvents({ db: kysely, clock });
  const jobs = createJobs({
    db: kysely,
    dialect: db.dialect,
    clock,
    logger,
    workerName: config.jobs.workerName,
  });
  const mailer = createMailer({
    db: kysely,
    dialect: db.dialect,
    clock,
    transport: createMailTransport(config.mail.smtpUrl),
    from: config.mail.from,
  });
  const registrations = createRegistrations({
    db: kysely,
    dialect: db.dialect,
    clock,
    jobs,
    eventOf: (id) => events.findRecentEvent(id),
  });
  jobs.register(
    CONFIRMATION_JOB,
    confirmationJob({ registrations, mailer, baseUrl: config.publicBaseUrl, clock }),
  );
  const sop = createSop({
    db: kysely,
    clock,
    jobs,
    mailer,
    baseUrl: config.publicBaseUrl,
    digestHour: config.sop.digestHourUtc,
    isPublishing: deps.isPublishing,
  });
  return { events, jobs, mailer, registrations, sop };
}

export function createServices(deps: {
  config: Config;
  db: Db;
  clock: Clock;
  logger?: FastifyBaseLogger;
}): Services {
  const { config, db, clock, logger } = deps;
  const kysely = db.kysely;
  let live: LiveService | undefined;
  const { events, jobs, mailer, registrations, sop } = createJobDomain({
    ...deps,
    isPublishing: (eventId) => live?.session(eventId) !== undefined,
  });
  const accounts = createAccounts({ db: kysely, clock, config });
  live = new LiveService({
    db: kysely,
    clock,
    config,
    events,
    registrations,
    log: logger ?? silentLog,
  });
  return {
    config,
    db,
    clock,
    assets: new Assets(),
    jobs,
    mailer,
    accounts,
    events,
    files: createFiles({ db: kysely, clock, dataDir: config.dataDir, maxBytes: config.uploadMaxBytes }),
    organisation: createOrganisation({ db: kysely, clock }),
    registrations,
    forms: createForms({ db: kysely, clock, registrations }),
    live,
    room: createRoomService({ config, db, clock, accounts }),
    sop,
  };
}
