import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Dialect } from '../../db/database.js';
import { groupCommitBatch } from '../../db/group-commit.js';
import type { Database } from '../../db/schema.js';
import type { EventRow } from '../../events/events.js';
import { isLocale } from '../../i18n/index.js';
import { newId } from '../../ids.js';
import { retryDelayMs } from '../../jobs/backoff.js';
import { registrationIcs } from '../../registration/ics.js';
import type { Mailer } from '../mailer.js';
import type { Plan } from '../plan/plan.js';
import { isStep, stepDefinitions, verdict } from '../plan/steps.js';
import { normaliseEmail, type Suppression } from '../suppression/suppression.js';
import type { DeliveryStatus } from '../tables.js';
import { personalise } from '../templates/compile.js';
import { eventOffers } from '../templates/offers.js';
import type { TemplateKey, Templates } from '../templates/templates.js';
import { mergeValues, type OfferLink } from '../templates/values.js';
import type { MailTransport, OutgoingMail, SmtpFailure } from '../transport.js';
import { createRateBudget } from './rate.js';

/** Deliveries claimed at a time; the SMTP pool sends them over its few connections. */
export const SEND_BATCH = 200;
/** A claimed delivery is reserved this long; a sender that died is overtaken after it. */
const LEASE_MS = 5 * 60_000;

type DeliveryRow = Database['mail_deliveries'];
type RegistrationRow = Pick<
  Database['registrations'],
  'id' | 'contact_id' | 'name' | 'email' | 'join_token' | 'locale' | 'status'
>;
type Outcome =
  | { kind: 'send'; mail: Omit<OutgoingMail, 'from'> }
  | { kind: 'wait'; at: Date }
  | { kind: 'drop'; status: Extract<DeliveryStatus, 'cancelled' | 'skipped' | 'suppressed'>; reason: string };

export type Sender = ReturnType<typeof createSender>;

/**
 * Sends due deliveries within the configured rate. Each delivery is claimed (status
 * `sending`, signed by this start of the worker) before its email goes out and marked
 * `sent` as soon as the relay accepts it, so a restart resends only what was in flight.
 * Before each email the step is checked against the event as it is now (moved, cancelled,
 * switched off), the registration, the suppression list and the contact's opt-out.
 */
export function createSender(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  transport: MailTransport;
  mailer: Mailer;
  from: string;
  baseUrl: string;
  plan: Plan;
  templates: Templates;
  suppression: Suppression;
  ratePerMinute: number;
  workerName: string;
  logger?: FastifyBaseLogger;
}) {
  const { db, dialect, clock, transport } = deps;
  const workerId = `${deps.workerName}/${newId()}`;
  const ownPrefix = `${deps.workerName}/`;
  const budget = createRateBudget(deps.ratePerMinute, clock.now().getTime());
  const host = new URL(deps.baseUrl).hostname;
  let running: Promise<number> | undefined;

  const recordSent = groupCommitBatch(
    db,
    async (trx, ids: string[]) => {
      const now = clock.now().toISOString();
      await trx
        .updateTable('mail_deliveries')
        .set({ status: 'sent', sent_at: now, last_error: null, claimed_by: null, updated_at: now })
        .where('id', 'in', ids)
        .execute();
      return ids.map(() => undefined);
    },
    { maxBatch: 256, concurrency: dialect === 'sqlite' ? 1 : 4 },
  );

  async function claim(limit: number): Promise<DeliveryRow[]> {
    if (limit <= 0) return [];
    const now = clock.now().toISOString();
    const leaseEnds = new Date(clock.now().getTime() + LEASE_MS).toISOString();
    let due = db
      .selectFrom('mail_deliveries')
      .select('id')
      .where('status', 'in', ['scheduled', 'sending'])
      .where('run_at', '<=', now)
      .orderBy('run_at')
      .limit(limit);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    return db
      .updateTable('mail_deliveries')
      .set((eb) => ({
        status: 'sending',
        run_at: leaseEnds,
        claimed_by: workerId,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }

  async function settle(row: DeliveryRow, set: Partial<DeliveryRow>) {
    await db
      .updateTable('mail_deliveries')
      .set({ claimed_by: null, updated_at: clock.now().toISOString(), ...set })
      .where('id', '=', row.id)
      .execute();
  }

  /** Everything a batch needs, in one query per table. */
  async function loadContext(rows: DeliveryRow[]) {
    const eventIds = [...new Set(rows.map((r) => r.event_id))];
    const events = new Map(
      (await db.selectFrom('events').selectAll().where('id', 'in', eventIds).execute()).map((e) => [e.id, e]),
    );
    const plans = await deps.plan.forEvents(eventIds);
    const campaignIds = rows.filter((r) => r.step.startsWith('campaign.')).map((r) => r.step.slice(9));
    const campaigns = new Map(
      campaignIds.length
        ? (
            await db
              .selectFrom('mail_campaigns')
              .select(['id', 'status'])
              .where('id', 'in', [...new Set(campaignIds)])
              .execute()
          ).map((c) => [c.id, c.status])
        : [],
    );
    const registrations = new Map<string, RegistrationRow>(
      (
        await db
          .selectFrom('registrations')
          .select(['id', 'contact_id', 'name', 'email', 'join_token', 'locale', 'status'])
          .where(
            'id',
            'in',
            rows.map((r) => r.registration_id),
          )
          .execute()
      ).map((r) => [r.id, r]),
    );
    const liveIds = rows.filter((r) => r.step === 'live').map((r) => r.registration_id);
    const inRoom = new Set(
      liveIds.length
        ? (
            await db
              .selectFrom('room_attendance')
              .select('registration_id')
              .where('registration_id', 'in', liveIds)
              .execute()
          ).map((a) => a.registration_id)
        : [],
    );
    const suppressed = await deps.suppression.suppressedAmong(rows.map((r) => r.to_address));
    const contacts = await deps.suppression.contactsOf([...registrations.values()].map((r) => r.contact_id));
    const offers = await eventOffers(db, eventIds);
    return { events, plans, campaigns, registrations, inRoom, suppressed, contacts, offers };
  }

  async function decide(row: DeliveryRow, ctx: Awaited<ReturnType<typeof loadContext>>): Promise<Outcome> {
    const event = ctx.events.get(row.event_id);
    if (!event) return { kind: 'drop', status: 'cancelled', reason: 'the event was deleted' };
    const campaign = row.step.startsWith('campaign.');
    let marketing = true;
    if (campaign) {
      const status = ctx.campaigns.get(row.step.slice(9));
      if (status !== 'started')
        return { kind: 'drop', status: 'cancelled', reason: 'the campaign was cancelled' };
    } else {
      if (!isStep(row.step)) return { kind: 'drop', status: 'cancelled', reason: 'unknown step' };
      const plan = ctx.plans.get(event.id)!;
      const step = plan.find((s) => s.step === row.step)!;
      const v = verdict(step, plan, event, clock.now());
      if (!v.send)
        return 'wait' in v
          ? { kind: 'wait', at: v.wait }
          : { kind: 'drop', status: 'cancelled', reason: v.drop };
      marketing = stepDefinitions[row.step].marketing;
    }
    const registration = ctx.registrations.get(row.registration_id);
    if (registration?.status !== 'active')
      return { kind: 'drop', status: 'skipped', reason: 'the registration was revoked' };
    const suppressed = ctx.suppressed.get(normaliseEmail(row.to_address));
    if (suppressed)
      return { kind: 'drop', status: 'suppressed', reason: `address suppressed (${suppressed})` };
    const contact = ctx.contacts.get(registration.contact_id)!;
    if (marketing && contact.unsubscribed)
      return { kind: 'drop', status: 'suppressed', reason: 'unsubscribed from marketing email' };
    if (row.step === 'live' && ctx.inRoom.has(registration.id))
      return { kind: 'drop', status: 'skipped', reason: 'already in the room' };
    return {
      kind: 'send',
      mail: await message(row, event, registration, contact.token, ctx.offers.get(event.id) ?? []),
    };
  }

  async function message(
    row: DeliveryRow,
    event: EventRow,
    registration: RegistrationRow,
    token: string,
    offers: OfferLink[],
  ): Promise<Omit<OutgoingMail, 'from'>> {
    const locale = isLocale(registration.locale) ? registration.locale : event.language;
    const template = await deps.templates.compiledFor(event.id, row.step as TemplateKey, locale);
    const values = mergeValues(
      event,
      { name: registration.name, joinToken: registration.join_token, unsubscribeToken: token },
      locale,
      deps.baseUrl,
      offers,
    );
    const filled = personalise(template, values);
    const anchor = isStep(row.step) ? stepDefinitions[row.step].anchor : null;
    // Reminders and "we are live" carry the calendar file with the event's current time and SEQUENCE.
    const withCalendar = anchor === 'before_start' || anchor === 'live';
    return {
      to: registration.email,
      ...filled,
      attachments: withCalendar
        ? [
            {
              filename: `${event.slug}.ics`,
              contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
              content: registrationIcs(event, registration, deps.baseUrl, clock.now()),
            },
          ]
        : [],
      headers: {
        'List-Unsubscribe': `<${values.unsubscribe_url}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      messageId: `<${createHash('sha256').update(row.id).digest('hex').slice(0, 40)}@${host}>`,
    };
  }

  async function send(row: DeliveryRow, mail: Omit<OutgoingMail, 'from'>) {
    try {
      if (transport.kind === 'outbox')
        await deps.mailer.deliver(`mail.delivery:${row.id}`, {
          ...mail,
          eventId: row.event_id,
          registrationId: row.registration_id,
        });
      else await transport.send({ ...mail, from: deps.from });
    } catch (err) {
      const failure = err as SmtpFailure & { command?: string };
      const answer = (failure.response ?? failure.message ?? String(err)).slice(0, 2000);
      const permanent = (failure.responseCode ?? 0) >= 500;
      if (permanent && failure.command === 'RCPT TO')
        await deps.suppression.suppress(row.to_address, 'bounce', answer);
      // A relay that is down or busy keeps the email queued (with backoff) for as long as the
      // step is still worth sending; only a permanent refusal fails it.
      await settle(
        row,
        permanent
          ? { status: 'failed', last_error: answer }
          : {
              status: 'scheduled',
              last_error: answer,
              run_at: new Date(clock.now().getTime() + retryDelayMs(row.attempts)).toISOString(),
            },
      );
      return;
    }
    await recordSent(row.id);
  }

  async function runBatch(limit: number): Promise<number> {
    const granted = budget.take(Math.min(limit, SEND_BATCH), clock.now().getTime());
    const rows = await claim(granted);
    budget.giveBack(granted - rows.length);
    if (rows.length === 0) return 0;
    const ctx = await loadContext(rows);
    const outcomes = await Promise.all(rows.map((row) => decide(row, ctx)));
    await Promise.all(
      rows.map(async (row, i) => {
        const outcome = outcomes[i]!;
        if (outcome.kind === 'send') return send(row, outcome.mail);
        if (outcome.kind === 'wait')
          return settle(row, {
            status: 'scheduled',
            run_at: outcome.at.toISOString(),
            attempts: row.attempts - 1,
          });
        return settle(row, { status: outcome.status, last_error: outcome.reason });
      }),
    );
    return rows.length;
  }

  return {
    /** Sends due deliveries until none is due, the rate is used up or `limit` were handled. */
    runDue(limit = Number.POSITIVE_INFINITY): Promise<number> {
      running ??= (async () => {
        let done = 0;
        try {
          while (done < limit) {
            const n = await runBatch(limit - done);
            if (n === 0) break;
            done += n;
            await new Promise((resolve) => setImmediate(resolve));
          }
        } finally {
          running = undefined;
        }
        return done;
      })();
      return running;
    },

    /** Makes deliveries an earlier start of this worker had claimed due now (it crashed mid-send). */
    async reclaimOwnDeadClaims(): Promise<number> {
      const now = clock.now().toISOString();
      const result = await db
        .updateTable('mail_deliveries')
        .set({ status: 'scheduled', run_at: now, claimed_by: null, updated_at: now })
        .where('status', '=', 'sending')
        .where(sql<string>`substr(claimed_by, 1, ${ownPrefix.length})`, '=', ownPrefix)
        .where('claimed_by', '!=', workerId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    idle: () => running ?? Promise.resolve(0),
  };
}
