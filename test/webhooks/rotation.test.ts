import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { type Received, startReceiver } from './receiver.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const HOUR = 3_600_000;

/** True when `secret` verifies the request as the standardwebhooks library does it. */
function verifiesWith(secret: string, r: Received): boolean {
  try {
    new Webhook(secret).verify(r.body, {
      'webhook-id': r.id,
      'webhook-timestamp': r.timestamp,
      'webhook-signature': r.signature,
    });
    return true;
  } catch {
    return false;
  }
}

/** Secret rotation: the new secret signs at once, the old one keeps verifying for 24 hours only. */
for (const dialect of dialects) {
  describe(`webhook secret rotation (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let sales: StaffClient;
    let rx: Receiver;
    let bearer: { authorization: string };

    before(async () => {
      h = await startHarness(dialect, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_MS: '2000' });
      admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales');
      // The clock moves a day ahead below, past staff sessions: an integration's token then.
      const token = await admin.request({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: { name: 'CRM sync', scopes: ['webhooks:manage'] },
      });
      assert.equal(token.statusCode, 200, token.body);
      bearer = { authorization: `Bearer ${token.json().token}` };
      rx = await startReceiver();
    });
    after(async () => {
      await rx.close();
      await h.close();
    });

    const api = (opts: { method?: 'GET' | 'POST'; url: string }) =>
      h.app.inject({ ...opts, headers: bearer });
    /** Sends a test ping and runs the queue; answers the request the receiver got. */
    async function ping(id: string): Promise<Received> {
      const before = rx.received.length;
      const res = await api({ method: 'POST', url: `/api/v1/webhooks/subscriptions/${id}/ping` });
      assert.equal(res.statusCode, 202, res.body);
      await h.services.jobs.runDue();
      assert.equal(rx.received.length, before + 1, 'the ping arrived');
      const got = rx.received.at(-1)!;
      assert.equal(got.id, res.json().delivery.id);
      return got;
    }

    it('refuses teammates without webhooks:manage, anonymous callers and unknown subscriptions', async () => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions',
        payload: { url: rx.url, event_types: ['lead.mql'] },
      });
      const sub = created.json().subscription as { id: string };
      const url = `/api/v1/webhooks/subscriptions/${sub.id}/secret/rotate`;
      const before = await h.services.db.kysely
        .selectFrom('webhook_subscriptions')
        .select(['secret', 'previous_secret'])
        .where('id', '=', sub.id)
        .executeTakeFirstOrThrow();
      const refused = await sales.request({ method: 'POST', url });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'FORBIDDEN');
      assert.equal((await h.app.inject({ method: 'POST', url })).statusCode, 401);
      const unchanged = await h.services.db.kysely
        .selectFrom('webhook_subscriptions')
        .select(['secret', 'previous_secret'])
        .where('id', '=', sub.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(unchanged, before);
      const missing = await admin.request({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions/no-such-id/secret/rotate',
      });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'NOT_FOUND');
    });
    it('a second rotation keeps only the secret it replaces beside the new one', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions',
        headers: bearer,
        payload: { url: rx.url, event_types: ['lead.mql'] },
      });
      const { id, secret: first } = res.json().subscription as { id: string; secret: string };
      const rotate = async () =>
        (await api({ method: 'POST', url: `/api/v1/webhooks/subscriptions/${id}/secret/rotate` })).json()
          .subscription.secret as string;
      const second = await rotate();
      const third = await rotate();
      rx.setSecret(third);
      const got = await ping(id);
      assert.equal(got.signature.split(' ').length, 2);
      assert.ok(verifiesWith(third, got));
      assert.ok(verifiesWith(second, got));
      assert.ok(!verifiesWith(first, got));
    });

    // Last: it moves the clock a day ahead (staff sessions end).
    it('issues a new secret once; both secrets verify for 24 hours, then only the new one', async () => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions',
        payload: { url: rx.url, event_types: ['registration.created'] },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id, secret: oldSecret } = created.json().subscription as { id: string; secret: string };
      rx.setSecret(oldSecret);

      const first = await ping(id);
      assert.equal(first.signature.split(' ').length, 1, 'one signature before any rotation');
      assert.ok(verifiesWith(oldSecret, first));

      const rotated = await admin.request({
        method: 'POST',
        url: `/api/v1/webhooks/subscriptions/${id}/secret/rotate`,
      });
      assert.equal(rotated.statusCode, 200, rotated.body);
      const sub = rotated.json().subscription;
      assert.match(sub.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      assert.notEqual(sub.secret, oldSecret);
      assert.equal(
        sub.previous_secret_expires_at,
        new Date(h.clock.now().getTime() + 24 * HOUR).toISOString(),
      );
      const newSecret = sub.secret as string;

      // The secret is shown in that answer only: reading the subscription does not carry it.
      const read = (await admin.request({ url: `/api/v1/webhooks/subscriptions/${id}` })).json().subscription;
      assert.equal(read.secret, undefined);
      assert.equal(read.previous_secret_expires_at, sub.previous_secret_expires_at);
      const listed = (await admin.request({ url: '/api/v1/webhooks/subscriptions' })).json().subscriptions;
      assert.equal(listed[0].secret, undefined);

      const audit = await h.services.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('target_id', '=', id)
        .where('action', '=', 'webhook.secret_rotated')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor_type, 'user');
      assert.ok(!JSON.stringify(audit[0]).includes('whsec_'), 'the audit row names no secret');

      // Within the 24 hours: two signatures; a receiver on either secret accepts the request.
      h.clock.advance(23 * HOUR);
      const during = await ping(id);
      assert.equal(during.signature.split(' ').length, 2);
      assert.ok(during.signature.split(' ').every((part) => /^v1,[A-Za-z0-9+/]+=*$/.test(part)));
      assert.ok(verifiesWith(newSecret, during), 'the new secret verifies');
      assert.ok(verifiesWith(oldSecret, during), 'the old secret still verifies');
      assert.ok(!(during.verified instanceof Error), 'the receiver (still on the old secret) accepted it');

      // After 24 hours: the old secret is no longer used.
      h.clock.advance(HOUR + 60_000);
      const later = await ping(id);
      assert.equal(later.signature.split(' ').length, 1);
      assert.ok(verifiesWith(newSecret, later));
      assert.ok(!verifiesWith(oldSecret, later), 'the old secret no longer verifies');
      assert.ok(later.verified instanceof Error, 'a receiver still on the old secret refuses it');
      const after = (await api({ url: `/api/v1/webhooks/subscriptions/${id}` })).json().subscription;
      assert.equal(after.previous_secret_expires_at, null);
    });
  });
}
