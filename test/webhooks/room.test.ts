import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createEvent, register, socketUrl, TestSocket } from '../room/support.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { startReceiver } from './receiver.js';

for (const dialect of dialects) {
  describe(`webhooks from the room: offer.downloaded (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    let sockets: TestSocket[] = [];

    before(async () => {
      h = await startHarness(dialect, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', ROOM_TICK_MS: '20' });
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      admin = await setupAdmin(h);
      rx = await startReceiver();
    });
    after(async () => {
      for (const s of sockets) s.close();
      await rx.close();
      await h.close();
    });

    it('publishes one offer.downloaded per registration and offer, however often it is taken', async () => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions',
        payload: { url: rx.url, event_types: ['offer.downloaded'] },
      });
      assert.equal(res.statusCode, 201);
      rx.setSecret(res.json().subscription.secret);
      const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
      const eventId = await createEvent(h);
      const ann = await register(h, eventId, 'Ann');
      const viewer = await TestSocket.open(socketUrl(base, eventId, { token: ann.join_token }));
      const host = await TestSocket.open(socketUrl(base, eventId), { headers: { cookie: admin.cookie } });
      sockets = [viewer, host];
      const offer = await host.request({
        type: 'offer.create',
        title: 'Case study',
        ctaLabel: 'Download',
        url: 'https://example.com/case.pdf',
        requiresForm: false,
      });
      const offerId = offer.result.offerId as string;
      await host.request({ type: 'offer.push', offerId });
      await viewer.event('offer', (e) => (e.offer as { id: string }).id === offerId);
      for (let i = 0; i < 3; i++)
        assert.equal(
          (await viewer.request({ type: 'offer.click', offerId })).result.url,
          'https://example.com/case.pdf',
        );
      // Staff taking the offer is not a lead's fact.
      await host.request({ type: 'offer.click', offerId });
      await h.services.jobs.runDue();
      assert.equal(rx.received.length, 1);
      const body = rx.received[0]!.verified;
      assert.ok(!(body instanceof Error), String(body));
      assert.equal(body.type, 'offer.downloaded');
      assert.deepEqual(
        { ...body.data, downloaded_at: undefined },
        {
          registration_id: ann.id,
          contact_id: ann.contact_id,
          event_id: eventId,
          offer_id: offerId,
          offer_title: 'Case study',
          offer_url: 'https://example.com/case.pdf',
          downloaded_at: undefined,
        },
      );
      const facts = await h.services.db.kysely
        .selectFrom('room_interactions')
        .select('id')
        .where('type', '=', 'offer_download')
        .execute();
      assert.equal(facts.length, 3, 'every download stays a room fact');
    });
  });
}
