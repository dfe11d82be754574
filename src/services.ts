import type { FastifyBaseLogger } from 'fastify';
import { type Accounts, createAccounts } from './accounts/accounts.js';
import { createPasswordResets, type PasswordResets } from './accounts/password-reset.js';
import { type Analytics, createAnalytics } from './analytics/analytics.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { createEvents, type Events } from './events/events.js';
import { createFiles, type Files } from './files/files.js';
import { Assets } from './http/assets.js';
import { createJobs, type Jobs } from './jobs/jobs.js';
import { createForms, type Forms } from './leads/forms/forms.js';
import {
  createHandoff,
  HANDOFF_JOB,
  type Handoff,
  handoffJob,
  OVERDUE_JOB,
  overdueJob,
} from './leads/handoff.js';
import { createLeads, type Leads } from './leads/leads.js';
import { RESCORE_JOB, rescoreJob, SCORE_JOB, scoreJob } from './leads/rescore.js';
import { LiveService, silentLog } from './live/service.js';
import { createEventEmail, type EventEmail } from './mail/email.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { createMailTransport } from './mail/transport.js';
import { createOrganisation, type Organisation } from './organisation/organisation.js';
import { CONFIRMATION_JOB, confirmationJob } from './registration/confirmation-mail.js';
import { createRegistrations, type Registrations } from './registration/registrations.js';
import { createRoomService, type RoomService } from './room/service.js';
import { createSop, type Sop } from './sop/sop.js';
import { createDeliveryHandler } from './webhooks/delivery.js';
import {
  ATTENDANCE_SUMMARY_JOB,
  attendanceSummaryJob,
  offerDownloaded,
  queueAttendanceSummary,
  registrationCreated,
} from './webhooks/facts.js';
import { createPublisher, DELIVER_JOB, type Publisher } from './webhooks/publish.js';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.js';

/** Everything the HTTP layer needs, built once by the composition root (src/main.ts) or a test. */
export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  assets: Assets;
  accounts: Accounts;
  passwordResets: PasswordResets;
  analytics: Analytics;
  events: Events;
  files: Files;
  organisation: Organisation;
  registrations: Registrations;
  forms: Forms;
  jobs: Jobs;
  mailer: Mailer;
  email: EventEmail;
  live: LiveService;
  room: RoomService;
  sop: Sop;
  leads: Leads;
  handoff: Handoff;
  webhooks: Webhooks;
  /** The webhooks outbox: `publish()` in the transaction of a fact (src/webhooks/publish.ts). */
  publisher: Publisher;
}

/**
 * The part of the graph background jobs need: events, registrations, mail (with the event
 * email plan's scheduler and sender), the SOP (its
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
  let handoff: Handoff | undefined;
  const jobs = createJobs({
    db: kysely,
    dialect: db.dialect,
    clock,
    logger,
    workerName: config.jobs.workerName,
  });
  const transport = createMailTransport(config.mail.smtpUrl);
  const publisher = createPublisher({ db: kysely, clock, jobs });
  const events = createEvents({
    db: kysely,
    clock,
    onEnded: (eventId, endedAt) => handoff!.queueHandoff(kysely, eventId, endedAt),
    onStatusChange: queueAttendanceSummary(jobs, clock),
  });
  const mailer = createMailer({
    db: kysely,
    dialect: db.dialect,
    clock,
    transport,
    from: config.mail.from,
  });
  const leads = createLeads({ db: kysely, clock, jobs });
  handoff = createHandoff({ db: kysely, clock, jobs, mailer, baseUrl: config.publicBaseUrl });
  jobs.register(SCORE_JOB, scoreJob({ db: kysely, clock }));
  jobs.register(RESCORE_JOB, rescoreJob({ db: kysely, clock }));
  jobs.register(HANDOFF_JOB, handoffJob(handoff));
  jobs.register(OVERDUE_JOB, overdueJob(handoff));
  const email = createEventEmail({
    db: kysely,
    dialect: db.dialect,
    clock,
    events,
    transport,
    mailer,
    from: config.mail.from,
    baseUrl: config.publicBaseUrl,
    ratePerMinute: config.mail.ratePerMinute,
    workerName: config.jobs.workerName,
    logger,
  });
  const registrations = createRegistrations({
    db: kysely,
    dialect: db.dialect,
    clock,
    jobs,
    eventOf: (id) => events.findRecentEvent(id),
    onRegistered: (id) => leads.noteFact(id),
    onCreated: (trx, rows) => publisher.publishMany(trx, rows.map(registrationCreated)).then(() => {}),
  });
  jobs.register(
    CONFIRMATION_JOB,
    confirmationJob({ registrations, mailer, baseUrl: config.publicBaseUrl, clock }),
  );
  jobs.register(
    DELIVER_JOB,
    createDeliveryHandler({ db: kysely, clock, jobs, settings: config.webhooks, logger }),
  );
  jobs.register(ATTENDANCE_SUMMARY_JOB, attendanceSummaryJob({ db: kysely, publisher }));
  const sop = createSop({
    db: kysely,
    clock,
    jobs,
    mailer,
    baseUrl: config.publicBaseUrl,
    digestHour: config.sop.digestHourUtc,
    isPublishing: deps.isPublishing,
  });
  return { events, jobs, mailer, email, registrations, sop, leads, handoff, publisher };
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
  const { events, jobs, mailer, email, registrations, sop, leads, handoff, publisher } = createJobDomain({
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
    email,
    accounts,
    passwordResets: createPasswordResets({ db: kysely, clock, mailer, baseUrl: config.publicBaseUrl }),
    analytics: createAnalytics({ db: kysely, clock, events }),
    events,
    files: createFiles({ db: kysely, clock, dataDir: config.dataDir, maxBytes: config.uploadMaxBytes }),
    organisation: createOrganisation({ db: kysely, clock }),
    registrations,
    forms: createForms({ db: kysely, clock, registrations }),
    live,
    room: createRoomService({
      config,
      db,
      clock,
      accounts,
      onFact: (id) => leads.noteFact(id),
      onOfferDownloaded: (trx, download) =>
        publisher.publishMany(trx, [offerDownloaded(download)]).then(() => {}),
    }),
    sop,
    leads,
    handoff,
    publisher,
    webhooks: createWebhooks({ db: kysely, clock, jobs, publisher, settings: config.webhooks }),
  };
}
