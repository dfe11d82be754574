import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJobs } from '../../src/jobs/jobs.js';
import { createDeliveryHandler } from '../../src/webhooks/delivery.js';
import { DELIVER_JOB } from '../../src/webhooks/publish.js';
import { createEvent, publish } from '../support/fixtures.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { insertRegistration } from '../support/rows.js';
import { startReceiver } from './receiver.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const HOUR = 3_600_000;

for (const dialect of dialects) {
  describe(`webhooks (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let member: StaffClient;
    let sales: StaffClient;
    let rx: Receiver;
    let slug: string;
    let eventId: string;
    let n = 0;

    before(async () => {
      h = await startHarness(dialect, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_MS: '1000' });
      admin = await setupAdmin(h);
      member = await addTeammate(h, admin, 'member');
      sales = await addTeammate(h, admin, 'sales');
      const event = await createEvent(admin, { slug: 'hooks-live' });
      await publish(admin, event.id);
      slug = event.slug;
      eventId = event.id;
      rx = await startReceiver();
    });
    after(async () => {
      await rx.close();
      await h.close();
    });

    const subscribe = async (eventTypes: string[], client = member) => {
      const res = await client.request({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions',
        payload: { url: rx.url, event_types: eventTypes, description: 'CRM' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const sub = res.json().subscription as { id: string; secret: string };
      rx.setSecret(sub.secret);
      return sub;
    };
    const unsubscribe = async (id: string) =>
      assert.equal(
        (await admin.request({ method: 'DELETE', url: `/api/v1/webhooks/subscriptions/${id}` })).statusCode,
        200,
      );
    const registerPerson = async () => {
      n += 1;
      const res = await h.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${slug}/registrations`,
        payload: {
          name: `Person ${n}`,
          email: `person${n}@example.com`,
          phone: '+86 138 0013 8000',
          company: 'Acme',
          job_title: 'VP Marketing',
          consent: 'on',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().registration as { id: string };
    };
    const deliveries = async (subscriptionId: string) =>
      (await member.request({ url: `/api/v1/webhooks/deliveries?subscription_id=${subscriptionId}` })).json()
        .deliveries as { id: string; status: string; attempts: number; event_type: string }[];
    const detail = async (id: string) =>
      (await member.request({ url: `/api/v1/webhooks/deliveries/${id}` })).json();

    it('manages subscriptions for admins and members only, refusing bad input and changing nothing', async () => {
      assert.equal((await sales.request({ url: '/api/v1/webhooks/subscriptions' })).statusCode, 403);
      assert.equal((await h.app.inject({ url: '/api/v1/webhooks/subscriptions' })).statusCode, 401);
      for (const payload of [
        { url: 'ftp://example.com/x', event_types: ['registration.created'] },
        { url: 'https://user:pw@example.com/x', event_types: ['registration.created'] },
        { url: rx.url, event_types: [] },
        { url: rx.url, event_types: ['lead.deleted'] },
      ]) {
        const res = await member.request({ method: 'POST', url: '/api/v1/webhooks/subscriptions', payload });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      }
      assert.deepEqual(
        (await member.request({ url: '/api/v1/webhooks/subscriptions' })).json().subscriptions,
        [],
      );

      const sub = await subscribe(['registration.created', 'lead.mql']);
      assert.match(sub.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      const list = (await member.request({ url: '/api/v1/webhooks/subscriptions' })).json().subscriptions;
      assert.equal(list.length, 1);
      assert.equal(list[0].secret, undefined, 'the list does not carry secrets');
      const patched = await member.request({
        method: 'PATCH',
        url: `/api/v1/webhooks/subscriptions/${sub.id}`,
        payload: { description: 'Salesforce', enabled: false },
      });
      assert.equal(patched.json().subscription.enabled, false);
      assert.equal(patched.json().subscription.disabled_reason, 'manual');
      const audit = await h.services.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', sub.id)
        .orderBy('created_at')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['webhook.subscription_created', 'webhook.subscription_updated'],
      );
      const detailed = await member.request({ url: `/api/v1/webhooks/subscriptions/${sub.id}` });
      assert.equal(detailed.statusCode, 200);
      assert.equal(detailed.json().subscription.secret, undefined, 'the secret is shown only when issued');
      assert.equal(patched.json().subscription.secret, undefined);
      await unsubscribe(sub.id);
      assert.equal(
        (await member.request({ url: `/api/v1/webhooks/subscriptions/${sub.id}` })).statusCode,
        404,
      );
    });

    it('delivers registration.created signed per Standard Webhooks; registration only writes the outbox row', async () => {
      const sub = await subscribe(['registration.created']);
      const before = rx.received.length;
      const registration = await registerPerson();
      // Registration answered; its delivery is in the outbox and nothing was sent yet.
      const [queued] = await deliveries(sub.id);
      assert.equal(queued?.status, 'pending');
      assert.equal(rx.received.length, before);
      await h.services.jobs.runDue();
      assert.equal(rx.received.length, before + 1);
      const got = rx.received.at(-1)!;
      assert.ok(!(got.verified instanceof Error), String(got.verified));
      assert.equal(got.id, queued!.id, 'webhook-id is the delivery id');
      assert.equal(got.verified.type, 'registration.created');
      assert.equal(got.verified.data.registration_id, registration.id);
      assert.equal(got.verified.data.email, `person${n}@example.com`);
      assert.equal(got.verified.data.job_title, 'VP Marketing');
      const d = await detail(queued!.id);
      assert.equal(d.delivery.status, 'succeeded');
      assert.equal(d.attempts.length, 1);
      assert.equal(d.attempts[0].status_code, 200);
      assert.equal(d.attempts[0].response_excerpt, 'answer 200');
      assert.ok(d.attempts[0].duration_ms >= 0);
      await unsubscribe(sub.id);
    });

    it('a hanging receiver does not hold up registration: the request answers while the delivery hangs', async () => {
      const sub = await subscribe(['registration.created']);
      rx.respond(() => 'hang');
      const start = rx.received.length;
      await registerPerson();
      const delivering = h.services.jobs.runDue();
      await rx.waitFor(start + 1);
      // The delivery is open at the receiver; a registration goes through meanwhile.
      const second = await registerPerson();
      assert.ok(second.id);
      assert.equal(rx.received.length, start + 1);
      rx.respond(() => 200);
      await delivering; // the attempt ends at WEBHOOK_TIMEOUT_MS
      rx.release();
      rx.respond(() => 200);
      const d = await detail(rx.received[start]!.id);
      assert.equal(d.delivery.status, 'pending', 'a timeout is retried');
      assert.match(d.attempts[0].error, /No answer within 1000 ms/);
      assert.equal(d.attempts[0].status_code, null);
      await unsubscribe(sub.id);
    });

    it('retries a failing receiver with backoff; the retries carry the same webhook-id and succeed', async () => {
      const sub = await subscribe(['registration.created']);
      let calls = 0;
      rx.respond(() => (++calls <= 2 ? 500 : 200));
      const start = rx.received.length;
      await registerPerson();
      await h.services.jobs.runDue();
      let [d] = await deliveries(sub.id);
      assert.equal(d!.status, 'pending');
      assert.equal(d!.attempts, 1);
      assert.equal(await h.services.jobs.runDue(), 0, 'the retry waits its backoff');
      h.clock.advance(7_000);
      await h.services.jobs.runDue();
      h.clock.advance(6 * 60_000);
      await h.services.jobs.runDue();
      [d] = await deliveries(sub.id);
      assert.equal(d!.status, 'succeeded');
      const got = rx.received.slice(start);
      assert.equal(got.length, 3);
      assert.deepEqual(new Set(got.map((r) => r.id)), new Set([d!.id]));
      assert.ok(
        got.every((r) => !(r.verified instanceof Error)),
        'every attempt is signed',
      );
      const info = await detail(d!.id);
      assert.deepEqual(
        info.attempts.map((a: { status_code: number }) => a.status_code),
        [500, 500, 200],
      );
      const s = (await member.request({ url: `/api/v1/webhooks/subscriptions/${sub.id}` })).json()
        .subscription;
      assert.equal(s.consecutive_failures, 0, 'a success ends the failure streak');

      // Manual redelivery: same id, same body, logged as manual, audited.
      const again = await member.request({
        method: 'POST',
        url: `/api/v1/webhooks/deliveries/${d!.id}/redeliver`,
      });
      assert.equal(again.statusCode, 202);
      await h.services.jobs.runDue();
      const last = rx.received.at(-1)!;
      assert.equal(last.id, d!.id);
      assert.equal(last.body, got[0]!.body);
      const after = await detail(d!.id);
      assert.equal(after.attempts.length, 4);
      assert.equal(after.attempts[3].manual, true);
      assert.equal(after.delivery.status, 'succeeded');
      const audited = await h.services.db.kysely
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'webhook.delivery_redelivered')
        .execute();
      assert.equal(audited.length, 1);

      // The test ping goes to this subscription only.
      const ping = await member.request({
        method: 'POST',
        url: `/api/v1/webhooks/subscriptions/${sub.id}/ping`,
      });
      assert.equal(ping.statusCode, 202);
      await h.services.jobs.runDue();
      const pinged = rx.received.at(-1)!;
      assert.equal(pinged.id, ping.json().delivery.id);
      assert.ok(!(pinged.verified instanceof Error));
      assert.equal(pinged.verified.type, 'webhook.ping');
      await unsubscribe(sub.id);
    });

    it('a job worker killed mid-delivery loses nothing; the receiver sees the same webhook-id again', async () => {
      const sub = await subscribe(['registration.created']);
      const db = h.services.db.kysely;
      const workerFor = () => {
        const jobs = createJobs({ db, dialect: h.dialect, clock: h.clock, workerName: 'crash-test' });
        jobs.register(
          DELIVER_JOB,
          createDeliveryHandler({
            db,
            clock: h.clock,
            jobs,
            settings: { ...h.config.webhooks, timeoutMs: 30_000 },
          }),
        );
        return jobs;
      };
      const start = rx.received.length;
      rx.respond(() => 'hang');
      // Published straight away (no confirmation email in the queue beside it).
      await h.services.publisher.publish(
        'registration.created',
        { registration_id: 'crash' },
        { eventId: 'crash:1' },
      );
      // The first start sends the request and "dies" before the answer is recorded.
      const dead = workerFor();
      const abandoned = dead.runDue(1);
      await rx.waitFor(start + 1);
      rx.respond(() => 200);
      // The process starts again under the same worker name: its dead claim comes back at once.
      const restarted = workerFor();
      assert.equal(await restarted.reclaimOwnDeadClaims(), 1);
      assert.equal(await restarted.runDue(), 1);
      const [d] = await deliveries(sub.id);
      assert.equal(d!.status, 'succeeded');
      const got = rx.received.slice(start);
      assert.equal(got.length, 2, 'sent again after the crash');
      assert.equal(got[0]!.id, got[1]!.id, 'with the same webhook-id, the receiver dedupes');
      assert.equal(got[0]!.body, got[1]!.body);
      // The dead start's late answer records nothing over the finished delivery.
      rx.release(200);
      await abandoned;
      const info = await detail(d!.id);
      assert.equal(info.attempts.length, 1);
      assert.equal(info.delivery.status, 'succeeded');
      await unsubscribe(sub.id);
    });

    it('publishes attendance.summary per attendee when the event ends', async () => {
      const sub = await subscribe(['attendance.summary']);
      const start = rx.received.length;
      const reg = await insertRegistration(h.services.db.kysely, eventId, { name: 'Ann', company: 'Acme' });
      const at = h.clock.now().toISOString();
      for (const [live, replay] of [
        [600, 0],
        [1200, 30],
      ])
        await h.services.db.kysely
          .insertInto('room_attendance')
          .values({
            id: `att-${live}-${reg.id}`,
            event_id: eventId,
            viewer_id: reg.id,
            registration_id: reg.id,
            display_name: 'Ann',
            device: 'desktop',
            joined_at: at,
            left_at: at,
            live_seconds: live!,
            replay_seconds: replay!,
            client_key: null,
          })
          .execute();
      for (const to of ['live', 'ended']) {
        const res = await member.request({
          method: 'POST',
          url: `/api/v1/events/${eventId}/status`,
          payload: { to },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      await h.services.jobs.runDue();
      assert.equal(rx.received.length, start, 'the summary waits a minute for the last heartbeats');
      h.clock.advance(61_000);
      await h.services.jobs.runDue();
      await h.services.jobs.runDue();
      const got = rx.received.slice(start);
      assert.equal(got.length, 1);
      const body = got[0]!.verified;
      assert.ok(!(body instanceof Error));
      assert.equal(body.type, 'attendance.summary');
      assert.equal(body.data.registration_id, reg.id);
      assert.equal(body.data.live_seconds, 1800);
      assert.equal(body.data.replay_seconds, 30);
      assert.equal(body.data.sessions, 2);
      await unsubscribe(sub.id);
    });

    // Last: it moves the clock by days (staff sessions expire after that).
    it('disables a subscription after 8 failed attempts in a row over 24 hours, audited and shown', async () => {
      // An integration's API token: staff sessions end while the clock moves days ahead.
      const created = await admin.request({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: { name: 'CRM sync', scopes: ['webhooks:manage'] },
      });
      const bearer = { authorization: `Bearer ${created.json().token}` };
      const api = (opts: { method?: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }) =>
        h.app.inject({ ...opts, headers: bearer });
      const sub = await subscribe(['registration.created']);
      rx.respond(() => 503);
      await registerPerson();
      for (let i = 0; i < 12; i++) {
        await h.services.jobs.runDue();
        h.clock.advance(11 * HOUR);
      }
      const [d] = (await api({ url: `/api/v1/webhooks/deliveries?subscription_id=${sub.id}` })).json()
        .deliveries;
      assert.equal(d!.status, 'failed');
      assert.equal(d!.attempts, 8);
      const s = (await api({ url: `/api/v1/webhooks/subscriptions/${sub.id}` })).json().subscription;
      assert.equal(s.enabled, false);
      assert.equal(s.disabled_reason, 'failing');
      assert.equal(s.consecutive_failures, 8);
      const audit = await h.services.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'webhook.subscription_disabled')
        .where('target_id', '=', sub.id)
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor_type, 'system');
      // Disabled: nothing new is queued, and redelivery asks to enable it first.
      await registerPerson();
      assert.equal(
        (await api({ url: `/api/v1/webhooks/deliveries?subscription_id=${sub.id}` })).json().total,
        1,
      );
      const refused = await api({
        method: 'POST',
        url: `/api/v1/webhooks/deliveries/${d!.id}/redeliver`,
      });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'INVALID_STATE');
      const enabled = await api({
        method: 'PATCH',
        url: `/api/v1/webhooks/subscriptions/${sub.id}`,
        payload: { enabled: true },
      });
      assert.equal(enabled.json().subscription.consecutive_failures, 0);
      assert.equal(enabled.json().subscription.disabled_reason, null);
      rx.respond(() => 200);
    });
  });

  describe(`webhooks SSRF guard (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let rx: Receiver;
    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      rx = await startReceiver();
    });
    after(async () => {
      await rx.close();
      await h.close();
    });

    it('refuses loopback, private, link-local, CGNAT and IPv6 ULA/mapped destinations when saved', async () => {
      for (const url of [
        rx.url,
        'http://localhost/hook',
        'http://10.0.0.5/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://100.64.1.1/hook',
        'http://[fd00::1]/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://[::1]:8080/hook',
      ]) {
        const res = await admin.request({
          method: 'POST',
          url: '/api/v1/webhooks/subscriptions',
          payload: { url, event_types: ['registration.created'] },
        });
        assert.equal(res.statusCode, 400, url);
        assert.match(res.json().error.details.fields.url, /private network/, url);
      }
      assert.equal(
        (await admin.request({ url: '/api/v1/webhooks/subscriptions' })).json().subscriptions.length,
        0,
      );
    });

    it('checks again at delivery time (a name that now resolves privately is not called)', async () => {
      // As if the host had resolved publicly when saved and to loopback now (DNS rebinding).
      const at = h.clock.now().toISOString();
      await h.services.db.kysely
        .insertInto('webhook_subscriptions')
        .values({
          id: 'rebound',
          url: rx.url,
          event_types: JSON.stringify(['registration.created']),
          description: '',
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          enabled: 1,
          disabled_reason: null,
          disabled_at: null,
          consecutive_failures: 0,
          failing_since: null,
          created_by: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await h.services.publisher.publish(
        'registration.created',
        { registration_id: 'r1' },
        { eventId: 'x:1' },
      );
      // Published twice with the same eventId: one delivery.
      await h.services.publisher.publish(
        'registration.created',
        { registration_id: 'r1' },
        { eventId: 'x:1' },
      );
      await h.services.jobs.runDue();
      assert.equal(rx.received.length, 0);
      const list = (await admin.request({ url: '/api/v1/webhooks/deliveries' })).json();
      assert.equal(list.total, 1);
      const d = (await admin.request({ url: `/api/v1/webhooks/deliveries/${list.deliveries[0].id}` })).json();
      assert.match(d.attempts[0].error, /^Refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1/);
    });
  });
}
