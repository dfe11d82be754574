import { newId } from '../../src/ids.js';
import { type Harness, type StaffClient, staffClient } from '../support/harness.js';

/** Registers a person through the public API; returns the registration id. */
export async function register(
  h: Harness,
  slug: string,
  person: { name: string; email: string; company: string; job_title: string },
) {
  const res = await h.app.inject({
    method: 'POST',
    url: `/api/v1/public/events/${slug}/registrations`,
    payload: { ...person, phone: '+86 138 0013 8000', consent: true },
  });
  if (res.statusCode !== 200 && res.statusCode !== 201)
    throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const row = await h.services.db.kysely
    .selectFrom('registrations')
    .select(['id', 'contact_id'])
    .where('email', '=', person.email)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row;
}

/** Room facts as the room writes them (watch time, interactions), then scored like the room's hooks do. */
export async function roomFacts(
  h: Harness,
  eventId: string,
  registrationId: string,
  facts: { liveSeconds?: number; replaySeconds?: number; interactions?: string[] },
) {
  const db = h.services.db.kysely;
  const at = h.clock.now().toISOString();
  if (facts.liveSeconds || facts.replaySeconds)
    await db
      .insertInto('room_attendance')
      .values({
        id: newId(),
        event_id: eventId,
        viewer_id: registrationId,
        registration_id: registrationId,
        display_name: 'x',
        device: 'desktop',
        joined_at: at,
        left_at: at,
        live_seconds: facts.liveSeconds ?? 0,
        replay_seconds: facts.replaySeconds ?? 0,
        client_key: null,
      })
      .execute();
  for (const type of facts.interactions ?? []) {
    // A download is also the contact's row for that offer, as the offers domain writes it.
    if (type === 'offer_download')
      await db
        .insertInto('offer_downloads')
        .values({
          offer_id: newId(),
          contact_id: (
            await db
              .selectFrom('registrations')
              .select('contact_id')
              .where('id', '=', registrationId)
              .executeTakeFirstOrThrow()
          ).contact_id,
          registration_id: registrationId,
          event_id: eventId,
          first_at: at,
          last_at: at,
          count: 1,
        })
        .execute();
    await db
      .insertInto('room_interactions')
      .values({
        id: newId(),
        event_id: eventId,
        registration_id: registrationId,
        viewer_id: registrationId,
        type: type as never,
        payload: '{}',
        at,
      })
      .execute();
  }
  h.services.leads.noteFact(registrationId);
}

/** Writes the noted facts as scoring jobs and runs every due job. */
export async function settle(h: Harness) {
  await h.services.leads.flushNoted();
  await h.services.jobs.runDue();
}

export async function ok(client: StaffClient, opts: Parameters<StaffClient['request']>[0]) {
  const res = await client.request(opts);
  if (res.statusCode !== 200)
    throw new Error(`${opts.method ?? 'GET'} ${opts.url} → ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Signs a teammate in again (after the test clock moved past the session's idle limit). */
export async function signIn(h: Harness, email: string, password: string) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  return staffClient(h.app, res);
}
