import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/accounts.js';
import type { Clock } from '../clock.js';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { invalidState } from '../errors.js';
import type { EventRow, Events } from '../events/events.js';
import { auditActor } from '../http/guard.js';
import type { Locale } from '../i18n/index.js';
import { newId } from '../ids.js';
import { createCampaigns } from './campaigns/campaigns.js';
import { createListing } from './delivery/listing.js';
import { createDeliveryLog } from './delivery/log.js';
import { createSender } from './delivery/sender.js';
import type { Mailer } from './mailer.js';
import { createPlan } from './plan/plan.js';
import { createScheduler } from './plan/scheduler.js';
import { dueAt, stepDefinitions } from './plan/steps.js';
import { createSuppression } from './suppression/suppression.js';
import { personalise } from './templates/compile.js';
import { eventOffers } from './templates/offers.js';
import { createTemplates, type TemplateKey } from './templates/templates.js';
import { mergeValues } from './templates/values.js';
import type { MailTransport } from './transport.js';

export type EventEmail = ReturnType<typeof createEventEmail>;

/**
 * An event's email beyond the confirmation: the plan (reminders, "we are live",
 * follow-ups, replay, cancellation notice), templates, campaigns, unsubscribe and
 * suppression, and the delivery log. Built on both threads; only the job thread calls
 * `start()` (the scheduler and the sender run there).
 */
export function createEventEmail(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  events: Events;
  transport: MailTransport;
  mailer: Mailer;
  from: string;
  baseUrl: string;
  ratePerMinute: number;
  workerName: string;
  logger?: FastifyBaseLogger;
}) {
  const { db, clock } = deps;
  const plan = createPlan({ db, clock });
  const templates = createTemplates({ db, clock });
  const suppression = createSuppression({ db, clock });
  const listing = createListing({ db, clock });
  const campaigns = createCampaigns({ db, clock });
  const log = createDeliveryLog({ db });
  const scheduler = createScheduler({ db, clock, plan, listing });
  const sender = createSender({ ...deps, plan, templates, suppression });
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> | undefined;

  /** The merge values a preview or a test send shows: the teammate's name, the event's offers. */
  const sampleValues = async (event: EventRow, name: string, locale: Locale) => {
    const offers = (await eventOffers(db, [event.id])).get(event.id);
    return mergeValues(event, { name }, locale, deps.baseUrl, offers);
  };

  const cycle = async () => {
    await scheduler.tick();
    await sender.runDue();
  };

  return {
    plan,
    templates,
    suppression,
    campaigns,
    log,
    sender,
    /** Starts what is due and sends what the rate allows (the job thread does this every `intervalMs`). */
    tick: () => scheduler.tick(),

    /** The plan with each step's time for the event as it is now, and how its emails fared. */
    async planView(eventId: string) {
      const event = await deps.events.getEvent(eventId);
      const steps = await plan.forEvent(eventId);
      const counts = await log.counts(eventId);
      const runs = new Map((await log.runs(eventId)).map((r) => [r.step, r]));
      return {
        steps: steps.map((s) => {
          const run = runs.get(s.step);
          return {
            step: s.step,
            enabled: s.enabled,
            offset_minutes: s.offsetMinutes,
            marketing: stepDefinitions[s.step].marketing,
            audience: stepDefinitions[s.step].audience,
            due_at: dueAt(s, event)?.toISOString() ?? null,
            started_at: run?.started_at ?? null,
            recipients: run?.recipients ?? 0,
            counts: counts.get(s.step) ?? null,
          };
        }),
        relay_problem: (await log.relayProblem(eventId))?.last_error ?? null,
      };
    },

    /**
     * Cancels the event: it goes back to draft (off the public pages), its unsent emails are
     * dropped as the sender reaches them, and with `notify` every registrant is told.
     */
    async cancelEvent(actor: Actor, eventId: string, notify: boolean) {
      const event = await deps.events.getEvent(eventId);
      if (event.status !== 'scheduled')
        throw invalidState('Only a published event that has not started can be cancelled');
      await deps.events.transition(auditActor(actor), eventId, 'draft');
      const step = (await plan.forEvent(eventId)).find((s) => s.step === 'cancellation')!;
      const notified = notify && step.enabled && (await listing.open(eventId, 'cancellation'));
      return { notified };
    },

    sampleValues,

    /** Sends a template (as saved, or as being edited) to the signed-in teammate, with their name in it. */
    async sendTest(
      eventId: string,
      key: TemplateKey,
      locale: Locale,
      to: { email: string; name: string },
      draft?: { subject: string; body: string },
    ) {
      const event = await deps.events.getEvent(eventId);
      const compiled = draft
        ? await templates.check(draft, locale)
        : await templates.compiledFor(eventId, key, locale);
      const filled = personalise(compiled, await sampleValues(event, to.name, locale));
      await deps.mailer.deliver(`mail.test:${newId()}`, {
        to: to.email,
        ...filled,
        subject: `[TEST] ${filled.subject}`,
        attachments: [],
        eventId,
      });
    },

    start(intervalMs = 250) {
      let reclaimed = false;
      timer ??= setInterval(() => {
        busy ??= (async () => {
          if (!reclaimed) {
            const n = await sender.reclaimOwnDeadClaims();
            reclaimed = true;
            if (n) deps.logger?.info({ deliveries: n }, 'took back emails claimed before a restart');
          }
          await cycle();
        })()
          .catch((err) => deps.logger?.error({ err }, 'event email cycle failed'))
          .finally(() => {
            busy = undefined;
          });
      }, intervalMs);
      timer.unref();
    },

    async stop() {
      clearInterval(timer);
      timer = undefined;
      await busy;
    },
  };
}
