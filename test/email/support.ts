import type { ParsedMail } from 'mailparser';
import { createEvent, publish } from '../support/fixtures.js';
import { ADMIN, type Harness, type StaffClient, setupAdmin, staffClient } from '../support/harness.js';

/** Moves the test clock to an instant (forward or back). */
export const setClock = (h: Harness, iso: string) =>
  h.clock.advance(Date.parse(iso) - h.clock.now().getTime());

/** One scheduler look and a send of everything due: what the job thread does every 250 ms. */
export async function cycle(h: Harness) {
  await h.services.email.tick();
  await h.services.email.sender.runDue();
}

export async function register(h: Harness, slug: string, email: string, name = 'Lin') {
  const res = await h.app.inject({
    method: 'POST',
    url: `/api/v1/public/events/${slug}/registrations`,
    payload: { name, email, phone: '13800138000', company: 'Acme', consent: true },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`);
  return res.json().registration as { id: string; join_url: string };
}

export async function publishedEvent(admin: StaffClient, over: Record<string, unknown>) {
  const event = await createEvent(admin, over);
  await publish(admin, event.id);
  return event;
}

export const addressOf = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');
/** A header's raw value (mailparser turns List-* headers into objects). */
export const header = (mail: ParsedMail, name: string) =>
  (mail.headerLines.find((l) => l.key === name)?.line ?? '').replace(/^[^:]*:\s*/, '');

/** Deliveries of one event's step as [address, status] pairs, sorted. */
export async function deliveries(h: Harness, eventId: string, step: string) {
  const rows = await h.services.db.kysely
    .selectFrom('mail_deliveries')
    .select(['to_address', 'status', 'last_error'])
    .where('event_id', '=', eventId)
    .where('step', '=', step)
    .orderBy('to_address')
    .execute();
  return rows.map((r) => [r.to_address, r.status]);
}

/** A room visit, as the room domain records it (live_seconds > 0: watched the live event). */
export async function attended(h: Harness, eventId: string, registrationId: string, liveSeconds: number) {
  const now = h.clock.now().toISOString();
  await h.services.db.kysely
    .insertInto('room_attendance')
    .values({
      id: `att-${registrationId}`,
      event_id: eventId,
      viewer_id: `reg_${registrationId}`,
      registration_id: registrationId,
      display_name: 'Viewer',
      device: 'desktop',
      joined_at: now,
      left_at: null,
      live_seconds: liveSeconds,
      replay_seconds: 0,
      client_key: null,
    })
    .execute();
}

/**
 * The admin's client, signing in again when the moved test clock has ended the session
 * (these tests jump months and years ahead).
 */
export async function lastingAdmin(h: Harness): Promise<StaffClient> {
  let current = await setupAdmin(h);
  const signIn = async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: ADMIN.email, password: ADMIN.password },
    });
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
    return staffClient(h.app, res);
  };
  return {
    get userId() {
      return current.userId;
    },
    get csrfToken() {
      return current.csrfToken;
    },
    get cookie() {
      return current.cookie;
    },
    async request(opts) {
      const res = await current.request(opts);
      if (res.statusCode !== 401) return res;
      current = await signIn();
      return current.request(opts);
    },
  };
}
