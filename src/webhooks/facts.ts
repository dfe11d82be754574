import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import type { EventStatus } from '../events/tables.js';
import type { Jobs } from '../jobs/jobs.js';
import type { Fact, Publisher } from './publish.js';

/**
 * The facts LeadCast already records, as webhook payloads (docs/webhooks.md documents each
 * `data`). lead.mql and lead.stage_changed are built in lead-facts.ts, from the leads
 * domain's stage hook.
 */

type Registration = Database['registrations'];

/** `registration.created`: the registrant's answers, as a CRM lead needs them. */
export function registrationCreated(r: Registration): Fact {
  return {
    type: 'registration.created',
    eventId: `registration.created:${r.id}`,
    data: {
      registration_id: r.id,
      event_id: r.event_id,
      contact_id: r.contact_id,
      email: r.email,
      name: r.name,
      phone: r.phone,
      company: r.company,
      job_title: r.job_title,
      locale: r.locale,
      channel: r.channel,
      utm: r.utm ? (JSON.parse(r.utm) as Record<string, string>) : {},
      consent_version: r.consent_version,
      consented_at: r.consented_at,
      created_at: r.created_at,
    },
  };
}

/**
 * `offer.downloaded`: a registered viewer took an offer. Once per (registration, offer):
 * repeats stay room facts, not new CRM events.
 */
export function offerDownloaded(d: {
  eventId: string;
  registrationId: string;
  contactId: string | null;
  offer: { id: string; title: string; url: string };
  at: string;
}): Fact {
  return {
    type: 'offer.downloaded',
    eventId: `offer.downloaded:${d.registrationId}:${d.offer.id}`,
    data: {
      registration_id: d.registrationId,
      contact_id: d.contactId,
      event_id: d.eventId,
      offer_id: d.offer.id,
      offer_title: d.offer.title,
      offer_url: d.offer.url,
      downloaded_at: d.at,
    },
  };
}

/** The job that publishes an ended event's attendance summaries, one per attendee. */
export const ATTENDANCE_SUMMARY_JOB = 'webhook.attendance_summary';
/** Heartbeats still in flight when the event ends are counted before the summary is sent. */
const SUMMARY_DELAY_MS = 60_000;
const PAGE = 500;

/** Queues the attendance summaries when an event ends (the events service's status hook). */
export function queueAttendanceSummary(jobs: Jobs, clock: Clock) {
  return async (trx: Kysely<Database>, event: { id: string }, to: EventStatus, at: string) => {
    if (to !== 'ended') return;
    await jobs.enqueue(
      trx,
      ATTENDANCE_SUMMARY_JOB,
      { event_id: event.id, ended_at: at },
      {
        idempotencyKey: `${ATTENDANCE_SUMMARY_JOB}:${event.id}:${at}`,
        runAt: new Date(clock.now().getTime() + SUMMARY_DELAY_MS),
      },
    );
  };
}

/**
 * `attendance.summary` for every registered attendee of the event (from room_attendance):
 * live and replay seconds, sessions, first join, last leave, check-in, and counts of
 * questions, poll answers, chat messages and offer downloads. Keyed by the end it
 * summarises, so a re-run publishes nothing twice and an event that goes live again and
 * ends again gets fresh summaries.
 */
export function attendanceSummaryJob(deps: { db: Kysely<Database>; publisher: Publisher }) {
  const { db, publisher } = deps;
  return async (payload: Record<string, unknown>) => {
    const eventId = String(payload.event_id);
    const endedAt = String(payload.ended_at);
    const attendees = await db
      .selectFrom('room_attendance')
      .select((eb) => [
        'registration_id',
        eb.fn.sum<number>('live_seconds').as('live_seconds'),
        eb.fn.sum<number>('replay_seconds').as('replay_seconds'),
        eb.fn.countAll<number>().as('sessions'),
        eb.fn.min('joined_at').as('first_joined_at'),
        eb.fn.max('left_at').as('last_left_at'),
      ])
      .where('event_id', '=', eventId)
      .where('registration_id', 'is not', null)
      .groupBy('registration_id')
      .orderBy('registration_id')
      .execute();
    for (let i = 0; i < attendees.length; i += PAGE) {
      const page = attendees.slice(i, i + PAGE);
      const ids = page.map((a) => a.registration_id!);
      const registrations = new Map(
        (
          await db
            .selectFrom('registrations')
            .select(['id', 'contact_id', 'email', 'name', 'company'])
            .where('id', 'in', ids)
            .execute()
        ).map((r) => [r.id, r]),
      );
      const checkedIn = new Set(
        (
          await db
            .selectFrom('room_checkins')
            .select('registration_id')
            .where('event_id', '=', eventId)
            .where('registration_id', 'in', ids)
            .execute()
        ).map((r) => r.registration_id),
      );
      const counts = new Map<string, Record<string, number>>();
      for (const row of await db
        .selectFrom('room_interactions')
        .select((eb) => ['registration_id', 'type', eb.fn.countAll<number>().as('n')])
        .where('event_id', '=', eventId)
        .where('registration_id', 'in', ids)
        .groupBy(['registration_id', 'type'])
        .execute()) {
        const c = counts.get(row.registration_id!) ?? {};
        c[row.type] = Number(row.n);
        counts.set(row.registration_id!, c);
      }
      const facts: Fact[] = [];
      for (const a of page) {
        const r = registrations.get(a.registration_id!);
        if (!r) continue;
        const c = counts.get(r.id) ?? {};
        facts.push({
          type: 'attendance.summary',
          eventId: `attendance.summary:${eventId}:${r.id}:${endedAt}`,
          data: {
            event_id: eventId,
            event_ended_at: endedAt,
            registration_id: r.id,
            contact_id: r.contact_id,
            email: r.email,
            name: r.name,
            company: r.company,
            live_seconds: Number(a.live_seconds ?? 0),
            replay_seconds: Number(a.replay_seconds ?? 0),
            sessions: Number(a.sessions),
            first_joined_at: a.first_joined_at,
            last_left_at: a.last_left_at,
            checked_in: checkedIn.has(r.id),
            questions: c.question ?? 0,
            poll_answers: c.poll_answer ?? 0,
            chat_messages: c.chat_message ?? 0,
            offer_downloads: c.offer_download ?? 0,
          },
        });
      }
      await db.transaction().execute((trx) => publisher.publishMany(trx, facts));
    }
  };
}
