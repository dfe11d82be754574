import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { newId, newSecretToken } from '../../src/ids.js';

type EventRow = Database['events'];
type RegistrationRow = Database['registrations'];

/**
 * Inserts an event row directly, in any status, for tests of capabilities that build on
 * events (live video, the room) without walking the events API's status machine.
 */
export async function insertEvent(db: Kysely<Database>, over: Partial<EventRow> = {}): Promise<EventRow> {
  const now = new Date();
  const id = over.id ?? newId();
  const row: EventRow = {
    id,
    slug: `test-${id.toLowerCase().replace(/[^a-z0-9]/g, 'x')}`,
    title: 'Test event',
    summary: '',
    topic: '',
    target_audience: '',
    pain_point: '',
    why_now: '',
    format: 'slides_speaker',
    status: 'scheduled',
    language: 'en',
    timezone: 'UTC',
    starts_at: new Date(now.getTime() + 3_600_000).toISOString(),
    ends_at: new Date(now.getTime() + 7_200_000).toISOString(),
    cover_file_id: null,
    access: 'registration',
    consent_text: null,
    consent_version: 1,
    schedule_sequence: 0,
    created_by: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    ...over,
  };
  await db.insertInto('events').values(row).execute();
  return row;
}

/** Inserts a contact and its registration (any status) for an event; returns the registration. */
export async function insertRegistration(
  db: Kysely<Database>,
  eventId: string,
  over: Partial<RegistrationRow> = {},
): Promise<RegistrationRow> {
  const now = new Date().toISOString();
  const name = over.name ?? 'Viewer';
  const email =
    over.email ?? `${name.toLowerCase().replace(/\W/g, '')}.${randomBytes(4).toString('hex')}@example.com`;
  const contactId = newId();
  await db
    .insertInto('contacts')
    .values({
      id: contactId,
      email,
      name,
      phone: over.phone ?? null,
      company: over.company ?? null,
      job_title: over.job_title ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const row: RegistrationRow = {
    id: newId(),
    event_id: eventId,
    contact_id: contactId,
    email,
    name,
    phone: null,
    company: null,
    job_title: null,
    join_token: newSecretToken(),
    status: 'active',
    locale: 'en',
    consent_text: 'ok',
    consent_version: 1,
    consented_at: now,
    channel: null,
    referred_by: null,
    utm: null,
    user_agent: null,
    created_at: now,
    updated_at: now,
    ...over,
  };
  await db.insertInto('registrations').values(row).execute();
  return row;
}
