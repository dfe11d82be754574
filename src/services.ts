import type { FastifyBaseLogger } from 'fastify';
import { type Accounts, createAccounts } from './accounts/accounts.js';
import { createPasswordResets, type PasswordResets } from './accounts/password-reset.js';
import { type Analytics, createAnalytics } from './analytics/analytics.js';
import { createRollups } from './analytics/review/rollups.js';
import { weeklyReview } from './analytics/review/weekly.js';
import { createWeeklyEmail, type WeeklyEmail } from './analytics/review/weekly-email.js';
import { leadHistorySource } from './analytics/sources/lead-history.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { createEvents, type Events } from './events/events.js';
import { createFiles, type Files } from './files/files.js';
import { VARIANTS_JOB } from './files/variants.js';
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
import { createOffers, type Offers } from './leads/offers/offers.js';
import { RESCORE_JOB, rescoreJob, SCORE_JOB, scoreJob } from './leads/rescore.js';
import { LiveService, silentLog } from './live/service.js';
import { createEventEmail, type EventEmail } from './mail/email.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { createMailTransport } from './mail/transport.js';
import { createOrganisation, type Organisation } from './organisation/organisation.js';
import { createPosters, type Posters } from './promotion/posters/posters.js';
import { createPromotion, type Promotion } from './promotion/promotion.js';
import { createInvitations, type Invitations } from './promotion/referrals/invitation.js';
import { createReferrals, type Referrals } from './promotion/referrals/referrals.js';
import { CONFIRMATION_JOB, confirmationJob } from './registration/confirmation-mail.js';
import { createRegistrations, type Registrations } from './registration/registrations.js';
import { createRoomService, type RoomService } from './room/service.js';
import { createSop, type Sop } from './sop/sop.js';
import { createStudio, type StudioServices } from './studio/service.js';
import { publishGate } from './studio/studio.js';
import { createDeliveryHandler } from './webhooks/delivery.js';
import {
  ATTENDANCE_SUMMARY_JOB,
  attendanceSummaryJob,
  offerDownloaded,
  queueAttendanceSummary,
  registrationCreated,
} from './webhooks/facts.js';
import { publishLeadChanges } from './webhooks/lead-facts.js';
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
  /** The opt-in weekly review email and its organisation-wide send time (src/analytics/review). */
  weeklyEmail: WeeklyEmail;
  events: Events;
  files: Files;
  organisation: Organisation;
  registrations: Registrations;
  forms: Forms;
  offers: Offers;
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
  studio: StudioServices['studio'];
  studioHub: StudioServices['studioHub'];
  /** Personal invitation links, referrals and "invite N to unlock" gates (src/promotion/referrals). */
  referrals: Referrals;
  /** Channels, their links, landing views, attribution and the channel report (src/promotion). */
  promotion: Promotion;
  /** Registrants' invitation posters, rendered once and cached (src/promotion/posters). */
  posters: Posters;
  invitations: Invitations;
}

/**
 * The part of the graph background jobs need: events, files (their resized copies), registrations, mail (with the event
 * email plan's scheduler and sender), the SOP (its
 * daily digest), the weekly review email and the job queue with its handlers. Built by createServices, and on its
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
  const files = createFiles({
    db: kysely,
    clock,
    dataDir: config.dataDir,
    maxBytes: config.uploadMaxBytes,
    documentMaxBytes: config.offerUploadMaxBytes,
    maxPixels: config.imageMaxPixels,
    jobs,
    onVariantsReady: (fileId) => events.imageChanged(fileId),
  });
  jobs.register(VARIANTS_JOB, files.variantsJob);
  const onStageChanged = publishLeadChanges(publisher);
  const leads = createLeads({ db: kysely, clock, jobs, onStageChanged });
  handoff = createHandoff({ db: kysely, clock, jobs, mailer, baseUrl: config.publicBaseUrl });
  jobs.register(SCORE_JOB, scoreJob({ db: kysely, clock, onStageChanged }));
  jobs.register(RESCORE_JOB, rescoreJob({ db: kysely, clock, onStageChanged }));
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
  // The same weeklyReview() as GET /api/v1/analytics/weekly-review, at the send time.
  const weeklyLeads = leadHistorySource(kysely);
  // The weekly review's per-event rollups, refreshed on the job thread (runner.ts).
  const rollups = createRollups({ db: kysely, dialect: db.dialect, leads: weeklyLeads, clock });
  const weeklyEmail = createWeeklyEmail({
    db: kysely,
    clock,
    jobs,
    mailer,
    baseUrl: config.publicBaseUrl,
    review: (at) => weeklyReview(kysely, weeklyLeads, at),
  });
  return {
    events,
    files,
    jobs,
    mailer,
    email,
    registrations,
    sop,
    leads,
    handoff,
    publisher,
    weeklyEmail,
    rollups,
  };
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
  const { events, files, jobs, mailer, email, registrations, sop, leads, handoff, publisher, weeklyEmail } =
    createJobDomain({
      ...deps,
      isPublishing: (eventId) => live?.session(eventId) !== undefined,
    });
  const accounts = createAccounts({ db: kysely, clock, config });
  // One reading of leads, MQLs, opportunities and deals for the dashboard and the channel report.
  const leadFigures = leadHistorySource(kysely);
  const promotion = createPromotion({
    db: kysely,
    clock,
    leads: leadFigures,
    eventBySlug: (slug) => events.findEventBySlug(slug),
    secureCookies: config.publicBaseUrl.startsWith('https:'),
    logger,
  });
  const referrals = createReferrals({ db: kysely, clock });
  const forms = createForms({ db: kysely, clock, registrations });
  const offers = createOffers({
    db: kysely,
    clock,
    files,
    registrations,
    knownProfile: (contactId) => forms.knownProfile(contactId),
    onFirstDownload: (trx, download) =>
      publisher.publishMany(trx, [offerDownloaded(download)]).then(() => {}),
    noteFact: (id) => leads.noteFact(id),
    baseUrl: config.publicBaseUrl,
  });
  live = new LiveService({
    db: kysely,
    clock,
    config,
    events,
    registrations,
    log: logger ?? silentLog,
    publishGate: publishGate(kysely),
    // "Invite N to unlock the replay": the room gives the replay only to registrants who
    // reached the goal; an anonymous viewer of an open event has no invitations to count.
    replayGate: async (eventId, registrationId) => {
      const gate = await referrals.getGate(eventId);
      if (gate?.reward_kind !== 'replay') return null;
      if (!registrationId) return { goal: gate.goal, remaining: gate.goal };
      const progress = await referrals.progress({ id: registrationId, event_id: eventId });
      return progress && !progress.unlocked ? { goal: progress.goal, remaining: progress.remaining } : null;
    },
  });
  const { studio, studioHub } = createStudio({ db: kysely, clock, config, live, logger });
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
    analytics: createAnalytics({
      db: kysely,
      clock,
      events,
      visits: promotion.visits,
      leads: leadFigures,
    }),
    weeklyEmail,
    events,
    files,
    organisation: createOrganisation({ db: kysely, clock }),
    registrations,
    forms,
    offers,
    live,
    room: createRoomService({
      config,
      db,
      clock,
      accounts,
      onFact: (id) => leads.noteFact(id),
      // One record of downloads for the room and the offer links (src/leads/offers).
      onOfferDownloaded: async (trx, download) => {
        if (download.contactId)
          await offers.recordDownload(trx, { ...download, contactId: download.contactId });
      },
      offerLink: (offerId, registrationId) => offers.linkFor(offerId, registrationId),
    }),
    sop,
    leads,
    handoff,
    publisher,
    webhooks: createWebhooks({ db: kysely, clock, jobs, publisher, settings: config.webhooks }),
    studio,
    studioHub,
    referrals,
    promotion,
    posters: createPosters({ events, files, referrals, baseUrl: config.publicBaseUrl }),
    invitations: createInvitations({ db: kysely, referrals, baseUrl: config.publicBaseUrl }),
  };
}
