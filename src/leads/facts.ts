import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { engagementFacts } from './rules.js';
import { type Facts, noFacts } from './scoring.js';
import { seniorityOf } from './seniority.js';

/** Engagement facts summed over a contact's registrations; events attended before is counted per registration instead. */
const summedFacts = engagementFacts.filter(
  (k): k is Exclude<(typeof engagementFacts)[number], 'events_attended_before'> =>
    k !== 'events_attended_before',
);

/** What one registration did at its event, scored for its 1–10 engagement. */
export interface RegistrationFacts {
  registrationId: string;
  contactId: string;
  eventId: string;
  facts: Facts;
}

export interface GatheredFacts {
  /** Contact id → facts across every event (fit from the contact and its profile). */
  contacts: Map<string, Facts>;
  registrations: RegistrationFacts[];
}

const count = (v: unknown) => Number(v ?? 0);

/**
 * Reads every fact scoring needs for these contacts in six grouped queries: the contact
 * and its profile, its active registrations, watch time and room interactions per
 * registration, the offers each took (one `offer_downloads` row per contact and offer,
 * whatever the repeats), and the people each registration referred.
 */
export async function gatherFacts(db: Kysely<Database>, contactIds: string[]): Promise<GatheredFacts> {
  const contacts = new Map<string, Facts>();
  if (contactIds.length === 0) return { contacts, registrations: [] };
  const theirRegistrations = db
    .selectFrom('registrations')
    .select('id')
    .where('contact_id', 'in', contactIds)
    .where('status', '=', 'active');
  const [people, registrations, watched, interactions, downloads, referrals] = await Promise.all([
    db
      .selectFrom('contacts as c')
      .leftJoin('lead_profiles as p', 'p.contact_id', 'c.id')
      .select([
        'c.id',
        'c.job_title',
        'p.industry',
        'p.company_size',
        'p.purchase_timeline',
        'p.budget',
        'p.region',
      ])
      .where('c.id', 'in', contactIds)
      .execute(),
    db
      .selectFrom('registrations')
      .select(['id', 'contact_id', 'event_id', 'created_at'])
      .where('contact_id', 'in', contactIds)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('room_attendance')
      .select((eb) => [
        'registration_id',
        eb.fn.sum<number>('live_seconds').as('live'),
        eb.fn.sum<number>('replay_seconds').as('replay'),
      ])
      .where('registration_id', 'in', theirRegistrations)
      .groupBy('registration_id')
      .execute(),
    db
      .selectFrom('room_interactions')
      .select((eb) => ['registration_id', 'type', eb.fn.countAll<number>().as('n')])
      .where('registration_id', 'in', theirRegistrations)
      .groupBy(['registration_id', 'type'])
      .execute(),
    db
      .selectFrom('offer_downloads')
      .select((eb) => ['registration_id', eb.fn.countAll<number>().as('n')])
      .where('contact_id', 'in', contactIds)
      .groupBy('registration_id')
      .execute(),
    db
      .selectFrom('registrations')
      .select((eb) => ['referred_by', eb.fn.countAll<number>().as('n')])
      .where('referred_by', 'in', theirRegistrations)
      .groupBy('referred_by')
      .execute(),
  ]);

  const perRegistration = new Map<string, RegistrationFacts>();
  for (const r of registrations) {
    perRegistration.set(r.id, {
      registrationId: r.id,
      contactId: r.contact_id,
      eventId: r.event_id,
      facts: { ...noFacts(), registered: 1 },
    });
  }
  for (const w of watched) {
    const f = perRegistration.get(w.registration_id!)?.facts;
    if (!f) continue;
    f.minutes_live = Math.floor(count(w.live) / 60);
    f.minutes_replay = Math.floor(count(w.replay) / 60);
    f.attended_live = count(w.live) > 0 ? 1 : 0;
  }
  for (const i of interactions) {
    const f = perRegistration.get(i.registration_id!)?.facts;
    if (!f) continue;
    const n = count(i.n);
    if (i.type === 'question') f.questions_asked += n;
    else if (i.type === 'poll_answer') f.poll_answers += n;
    else if (i.type === 'offer_click') f.cta_clicks += n;
    else if (i.type === 'checkin') f.checked_in = 1;
  }
  for (const d of downloads) {
    const f = perRegistration.get(d.registration_id)?.facts;
    if (f) f.offer_downloads += count(d.n);
  }
  for (const r of referrals) {
    const f = perRegistration.get(r.referred_by!)?.facts;
    if (f) f.referrals += count(r.n);
  }

  for (const p of people) {
    contacts.set(p.id, {
      ...noFacts(),
      seniority: seniorityOf(p.job_title),
      industry: p.industry ?? null,
      company_size: p.company_size ?? null,
      purchase_timeline: p.purchase_timeline ?? null,
      budget: p.budget ?? null,
      region: p.region ?? null,
    });
  }
  // In registration order: an event counts as "attended before" for the ones after it.
  const attendedSoFar = new Map<string, number>();
  for (const reg of perRegistration.values()) {
    const total = contacts.get(reg.contactId);
    if (!total) continue;
    const f = reg.facts;
    const before = attendedSoFar.get(reg.contactId) ?? 0;
    f.events_attended_before = before;
    if (f.minutes_live + f.minutes_replay > 0 || f.attended_live)
      attendedSoFar.set(reg.contactId, before + 1);
    for (const key of summedFacts) total[key] += f[key];
  }
  for (const [contactId, total] of contacts)
    total.events_attended_before = Math.max(0, (attendedSoFar.get(contactId) ?? 0) - 1);
  return { contacts, registrations: [...perRegistration.values()] };
}
