import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent } from '../live/fixtures.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { FrameClient, insertSpeaker, upgradeStatus } from './fixtures.js';

/**
 * Guest links, the ingest source switch and the signalling socket through the public
 * surface (HTTP and WebSocket), on SQLite and PostgreSQL.
 */
for (const dialect of dialects) {
  describe(`browser studio API and signalling (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let sales: StaffClient;
    let eventId: string;
    let speakers: string[];
    let ws: string;

    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales');
      eventId = (await createEvent(h.services.db.kysely)).id;
      speakers = [];
      for (const name of ['Grace', 'Linus', 'Ada', 'Ken', 'Barbara'])
        speakers.push(await insertSpeaker(h.services.db.kysely, eventId, name));
      const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
      ws = base.replace('http', 'ws');
    });

    after(async () => {
      await h?.close();
    });

    const invite = (speakerId: string, client = admin) =>
      client.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/studio/guests`,
        payload: { speaker_id: speakerId },
      });

    it('invites guests bound to speakers with unguessable links, at most four live ones', async () => {
      const first = await invite(speakers[0]!);
      assert.equal(first.statusCode, 201, first.body);
      const guest = first.json().guest;
      assert.equal(guest.name, 'Grace');
      assert.match(guest.link, /^http:\/\/localhost:3000\/g\/[A-Za-z0-9_-]{43}$/);
      for (const s of speakers.slice(1, 4)) assert.equal((await invite(s)).statusCode, 201);
      const fifth = await invite(speakers[4]!);
      assert.equal(fifth.statusCode, 409);
      assert.equal(fifth.json().error.code, 'CONFLICT');
      const list = await admin.request({ url: `/api/v1/events/${eventId}/studio/guests` });
      assert.equal(list.json().guests.length, 4);
      assert.equal(new Set(list.json().guests.map((g: { link: string }) => g.link)).size, 4);
    });

    it('refuses a speaker of another event, bad input and roles without live:produce', async () => {
      const other = await createEvent(h.services.db.kysely);
      const foreign = await insertSpeaker(h.services.db.kysely, other.id, 'Stranger');
      const bad = await invite(foreign);
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.json().error.details.fields.speaker_id);
      const empty = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/studio/guests`,
        payload: {},
      });
      assert.equal(empty.statusCode, 400);
      assert.equal((await invite(speakers[0]!, sales)).statusCode, 403);
      assert.equal((await sales.request({ url: `/api/v1/events/${eventId}/studio/guests` })).statusCode, 403);
      assert.equal((await h.app.inject({ url: `/api/v1/events/${eventId}/studio` })).statusCode, 401);
    });

    it('revokes a link: the count frees up, the link stops working, a connected guest is cut', async () => {
      const guests = (await admin.request({ url: `/api/v1/events/${eventId}/studio/guests` })).json().guests;
      const victim = guests[0];
      const token = victim.link.split('/g/')[1];
      const guestSocket = await FrameClient.connect(
        `${ws}/api/v1/events/${eventId}/studio/socket?guest=${token}`,
      );
      await guestSocket.next((f) => f.type === 'welcome');
      const revoked = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/studio/guests/${victim.id}/revoke`,
      });
      assert.equal(revoked.statusCode, 200);
      assert.ok(revoked.json().guest.revoked_at);
      assert.equal((await guestSocket.closed).code, 4003);
      assert.equal(await upgradeStatus(`${ws}/api/v1/events/${eventId}/studio/socket?guest=${token}`), 404);
      assert.equal((await invite(speakers[4]!)).statusCode, 201);
      const missing = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/studio/guests/nope/revoke`,
      });
      assert.equal(missing.statusCode, 404);
    });

    it('switches the ingest between RTMP and the studio before Go live, never while live', async () => {
      const get = async () => (await admin.request({ url: `/api/v1/events/${eventId}/studio` })).json();
      assert.equal((await get()).ingest_source, 'rtmp');
      assert.equal((await get()).max_guests, 4);
      const put = (source: string) =>
        admin.request({
          method: 'PUT',
          url: `/api/v1/events/${eventId}/studio/ingest-source`,
          payload: { source },
        });
      assert.equal((await put('studio')).json().ingest_source, 'studio');
      assert.equal((await get()).ingest_source, 'studio');
      assert.equal((await put('obs')).statusCode, 400);
      const liveEvent = await createEvent(h.services.db.kysely, { status: 'live' });
      const refused = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${liveEvent.id}/studio/ingest-source`,
        payload: { source: 'studio' },
      });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'INVALID_STATE');
      const audit = await h.services.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', eventId)
        .execute();
      assert.ok(audit.some((a) => a.action === 'studio.source_changed'));
      assert.ok(audit.some((a) => a.action === 'studio.guest_revoked'));
    });

    it('signalling: the host and a guest meet, signals are relayed, bad frames are refused', async () => {
      const guests = (await admin.request({ url: `/api/v1/events/${eventId}/studio/guests` })).json().guests;
      const live = guests.filter((g: { revoked_at: string | null }) => !g.revoked_at);
      const token = live[0].link.split('/g/')[1];
      const host = await FrameClient.connect(`${ws}/api/v1/events/${eventId}/studio/socket`, {
        cookie: admin.cookie,
      });
      const hostWelcome = await host.next((f) => f.type === 'welcome');
      assert.deepEqual(hostWelcome.you, { id: 'host', role: 'host' });
      assert.deepEqual(hostWelcome.ice, []);
      const guest = await FrameClient.connect(`${ws}/api/v1/events/${eventId}/studio/socket?guest=${token}`);
      const welcome = await guest.next((f) => f.type === 'welcome');
      assert.deepEqual(welcome.you, { id: live[0].id, role: 'guest' });

      guest.send({ v: 1, type: 'ready', camera: true, microphone: true, ref: 'r1' });
      await guest.next((f) => f.type === 'ack' && f.ref === 'r1');
      const seen = await host.next(
        (f) =>
          f.type === 'participants' &&
          (f.participants as { id: string; ready: boolean }[]).some((p) => p.id === live[0].id && p.ready),
      );
      assert.ok(seen);

      const offer = { type: 'offer', sdp: 'v=0\r\n' };
      host.send({ v: 1, type: 'signal', to: live[0].id, description: offer });
      const relayed = await guest.next((f) => f.type === 'signal');
      assert.deepEqual(relayed, { v: 1, type: 'signal', from: 'host', description: offer });
      guest.send({
        v: 1,
        type: 'signal',
        to: 'host',
        candidate: {
          candidate: 'candidate:1 1 udp 1 192.0.2.2 5000 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      });
      assert.equal((await host.next((f) => f.type === 'signal')).from, live[0].id);

      // Guests cannot direct the stage or signal each other; malformed frames change nothing.
      guest.send({ v: 1, type: 'scene', change: { kind: 'bring_on', participantId: live[0].id }, ref: 'x1' });
      assert.equal(
        ((await guest.next((f) => f.type === 'error' && f.ref === 'x1')).error as { code: string }).code,
        'VALIDATION_FAILED',
      );
      guest.send({ v: 1, type: 'signal', to: live[1].id, description: offer, ref: 'x2' });
      const sideways = await guest.next((f) => f.type === 'error' && f.ref === 'x2');
      assert.equal(
        (sideways.error as { details: Record<string, string> }).details.to,
        'Guests signal the host only',
      );
      guest.send('not json');
      await guest.next((f) => f.type === 'error');
      host.send({ v: 2, type: 'ping', ref: 'x3' });
      await host.next((f) => f.type === 'error' && f.ref === 'x3');
      host.send({ v: 1, type: 'scene', change: { kind: 'bring_on', participantId: 'intruder' }, ref: 'x4' });
      await host.next((f) => f.type === 'error' && f.ref === 'x4');

      // The host brings the guest on stage: everyone gets the scene, and a reloaded host gets it back.
      host.send({ v: 1, type: 'scene', change: { kind: 'bring_on', participantId: live[0].id }, ref: 's1' });
      await host.next((f) => f.type === 'ack' && f.ref === 's1');
      const scene = await guest.next((f) => f.type === 'scene');
      assert.deepEqual((scene.scene as { stage: string[] }).stage, ['host', live[0].id]);
      host.ws.close();
      const again = await FrameClient.connect(`${ws}/api/v1/events/${eventId}/studio/socket`, {
        cookie: admin.cookie,
      });
      const back = await again.next((f) => f.type === 'welcome');
      assert.deepEqual((back.scene as { stage: string[] }).stage, ['host', live[0].id]);
      again.ws.close();
      guest.ws.close();
    });

    it('refuses sockets without a staff session, with a bad guest token, from another site or another role', async () => {
      const path = `${ws}/api/v1/events/${eventId}/studio`;
      assert.equal(await upgradeStatus(`${path}/socket`), 401);
      assert.equal(await upgradeStatus(`${path}/socket?guest=${'x'.repeat(43)}`), 404);
      assert.equal(await upgradeStatus(`${path}/socket`, { cookie: sales.cookie }), 403);
      assert.equal(
        await upgradeStatus(`${path}/socket`, { cookie: admin.cookie, origin: 'https://evil.example' }),
        403,
      );
      assert.equal(await upgradeStatus(`${path}/ingest?mime=video%2Fwebm%3Bcodecs%3Dh264%2Copus`), 401);
      assert.equal(await upgradeStatus(`${path}/ingest?mime=text%2Fhtml`, { cookie: admin.cookie }), 400);
      // A guest link cannot publish: the ingest takes staff sessions only.
      const guests = (await admin.request({ url: `/api/v1/events/${eventId}/studio/guests` })).json().guests;
      const token = guests.find((g: { revoked_at: string | null }) => !g.revoked_at).link.split('/g/')[1];
      assert.equal(
        await upgradeStatus(`${path}/ingest?mime=video%2Fwebm%3Bcodecs%3Dh264&guest=${token}`),
        401,
      );
    });
  });
}
