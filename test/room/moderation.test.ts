import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { clientId, createEvent, register, socketUrl, TestSocket } from './support.js';

type Entry = { action: string; details: Record<string, unknown> | null };

for (const dialect of dialects) {
  describe(`chat moderation: the scored screen, held questions, revoked sockets, anonymous mutes (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let base: string;
    let eventId: string;
    let host: TestSocket;
    const sockets: TestSocket[] = [];
    const open = async (
      query: Record<string, string>,
      headers: Record<string, string> = {},
      event = eventId,
    ) => {
      const s = await TestSocket.open(socketUrl(base, event, query), { headers });
      sockets.push(s);
      return s;
    };
    const viewer = async (name: string) => open({ token: (await register(h, eventId, name)).join_token });
    const send = async (s: TestSocket, body: string) =>
      (await s.request({ type: 'chat.send', id: clientId(), body })).result?.status as string;
    const audit = async (event = eventId) =>
      (await admin.request({ method: 'GET', url: `/api/v1/events/${event}/room/audit` })).json()
        .entries as Entry[];

    before(async () => {
      h = await startHarness(dialect, { ROOM_TICK_MS: '20', ROOM_POST_BURST: '15' });
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
      admin = await setupAdmin(h);
      eventId = await createEvent(h);
      host = await open({}, { cookie: admin.cookie, origin: base });
    });
    after(async () => {
      for (const s of sockets) s.close();
      await h.close();
    });

    it('holds contact handles, blocks obfuscated spam, shows ordinary chat (hard cases included)', async () => {
      const v = await viewer('Carol Wu');
      for (const body of [
        'AI, CRM, 线索, 转化',
        '666',
        'We use salesforce.com, is there a connector?',
        '能开专票吗？',
      ])
        assert.equal(await send(v, body), 'visible', body);
      assert.equal(await send(v, '加V：kefu8899 拿资料'), 'held');
      assert.equal(await send(v, 'ｆｒｅｅ ｐ.o.r.n ｖｉｄｅｏｓ'), 'blocked');
      assert.equal(await send(v, '日结兼职，一单一结'), 'blocked');
      const held = await host.event('mod.held', (e) =>
        (e.message as { body: string }).body.startsWith('加V'),
      );
      assert.match((held.message as { reason: string }).reason, /contact-handle/);
      const newcomer = await viewer('Jay Bo');
      assert.equal(
        await send(newcomer, '加V：kefu8899 拿资料'),
        'blocked',
        'a first message offering contact details',
      );
    });

    it('holds the same text from several viewers (a spam wave), not short cheering', async () => {
      const wave = 'everyone should join the growth club today';
      const [v1, v2, v3] = [await viewer('W One'), await viewer('W Two'), await viewer('W Three')];
      assert.equal(await send(v1, wave), 'visible');
      assert.equal(await send(v2, wave), 'visible');
      assert.equal(await send(v3, wave), 'held');
      for (const v of [v1, v2, v3]) assert.equal(await send(v, '666'), 'visible');
    });

    it('holds a question with a link for review: viewers see it only once a host approves it', async () => {
      const asker = await viewer('Dan Qi');
      const other = await viewer('Eve Ma');
      const asked = await asker.request({
        type: 'question.ask',
        id: clientId(),
        body: 'See my deck at www.growth-deck.com/free, thoughts?',
      });
      assert.equal(asked.result.status, 'held');
      const questionId = asked.result.questionId as string;
      const staffView = await host.event('question', (e) => (e.question as { id: string }).id === questionId);
      assert.equal((staffView.question as { status: string }).status, 'held');
      const fresh = await viewer('Fay Lu');
      assert.ok(!(fresh.welcome.room.questions as { id: string }[]).some((q) => q.id === questionId));
      assert.equal((await other.request({ type: 'question.upvote', questionId })).code, 'NOT_FOUND');
      assert.equal(
        (await other.request({ type: 'question.approve', questionId })).code,
        'FORBIDDEN',
        'viewers cannot approve',
      );
      const ok = await host.request({ type: 'question.approve', questionId });
      assert.equal(ok.result.status, 'open');
      const shown = await other.event('question', (e) => (e.question as { id: string }).id === questionId);
      assert.equal((shown.question as { status: string }).status, 'open');
      assert.ok(other.events('question').every((e) => (e.question as { status: string }).status !== 'held'));
      const blocked = await asker.request({ type: 'question.ask', id: clientId(), body: '百家乐稳赢，私聊' });
      assert.equal(blocked.code, 'FORBIDDEN');
      assert.ok((await audit()).some((e) => e.action === 'moderation.question.approved'));
    });

    it('screens display names and offer-form answers with the same rules', async () => {
      const openEvent = await createEvent(h, 'open');
      await assert.rejects(
        open({ name: '加V kefu8899' }, {}, openEvent),
        (e: {
          status: number;
          body: { error: { code: string; details: { fields: Record<string, string> } } };
        }) => {
          assert.equal(e.status, 400);
          assert.equal(e.body.error.code, 'VALIDATION_FAILED');
          assert.ok(e.body.error.details.fields.name);
          return true;
        },
      );
      const registration = await register(h, eventId, 'Gus Ho');
      await assert.rejects(open({ token: registration.join_token, name: 'c4sino free spins' }), {
        status: 400,
      });
      const v = await open({ token: registration.join_token });
      const offer = await host.request({
        type: 'offer.create',
        title: 'Slides',
        ctaLabel: 'Get',
        url: '/files/slides.pdf',
        requiresForm: true,
      });
      await host.request({ type: 'offer.push', offerId: offer.result.offerId });
      const spam = await v.request({
        type: 'offer.form',
        offerId: offer.result.offerId,
        values: { company: '代开各类发票 加V fp_8899', job_title: 'CTO' },
      });
      assert.equal(spam.code, 'VALIDATION_FAILED');
      assert.ok(spam.details.fields['values.company']);
      const real = await v.request({
        type: 'offer.form',
        offerId: offer.result.offerId,
        values: { company: 'Acme 线索科技', job_title: 'VP Sales' },
      });
      assert.equal(real.result.url, '/files/slides.pdf');
    });

    it('closes a revoked registration’s open socket (4403) and refuses it afterwards', async () => {
      const reg = await register(h, eventId, 'Hal Xu');
      const s = await open({ token: reg.join_token });
      assert.equal(await send(s, 'hello'), 'visible');
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${eventId}/registrations/${reg.id}`,
        payload: { status: 'revoked' },
      });
      assert.equal(res.statusCode, 200);
      const closed = await s.closedWithin(5000);
      assert.equal(closed?.code, 4403);
      assert.ok(s.frames.some((f) => f.type === 'error' && f.code === 'UNAUTHENTICATED'));
      await assert.rejects(open({ token: reg.join_token }), { status: 401 });
    });

    it('tunes the screen per event: bad input changes nothing, changes are in the event’s audit log', async () => {
      const url = `/api/v1/events/${eventId}/moderation/policy`;
      const initial = await admin.request({ method: 'GET', url });
      assert.equal(initial.statusCode, 200);
      assert.equal(initial.json().customised, false);
      const bad = await admin.request({
        method: 'PUT',
        url,
        payload: { hold_at: 90, block_at: 50, categories: { nope: { enabled: true, weight: 1 } } },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
      assert.ok(bad.json().error.details.fields);
      assert.equal((await admin.request({ method: 'GET', url })).json().customised, false);

      const v = await viewer('Ida Sun');
      assert.equal(await send(v, 'slides: https://example.com/deck'), 'held');
      const put = await admin.request({
        method: 'PUT',
        url,
        payload: { hold_at: 40, block_at: 80, categories: { links: { enabled: false, weight: 1 } } },
      });
      assert.equal(put.statusCode, 200);
      assert.equal(put.json().policy.categories.links.enabled, false);
      assert.equal(await send(v, 'slides: https://example.com/deck2'), 'visible');
      const entries = await audit();
      const change = entries.find((e) => e.action === 'moderation.policy.update');
      assert.ok(change);
      assert.equal(
        (change.details as { after: { categories: { links: { enabled: boolean } } } }).after.categories.links
          .enabled,
        false,
      );
      const reset = await admin.request({ method: 'DELETE', url });
      assert.equal(reset.json().customised, false);
      assert.ok((await audit()).some((e) => e.action === 'moderation.policy.reset'));
    });

    it('shows team filter changes in every event’s audit log', async () => {
      const added = await admin.request({
        method: 'POST',
        url: '/api/v1/moderation/filters',
        payload: { pattern: 'rivalcorp', kind: 'keyword', action: 'hold' },
      });
      assert.equal(added.statusCode, 200);
      await admin.request({ method: 'DELETE', url: `/api/v1/moderation/filters/${added.json().filter.id}` });
      const other = await createEvent(h);
      for (const event of [eventId, other]) {
        const actions = (await audit(event)).map((e) => e.action);
        assert.ok(actions.includes('moderation.filter.add'), event);
        assert.ok(actions.includes('moderation.filter.remove'), event);
      }
      const doc = (await h.app.inject('/api/openapi.json')).json();
      const policyPath = doc.paths['/api/v1/events/{id}/moderation/policy'];
      assert.ok(policyPath.put.requestBody && policyPath.get && policyPath.delete);
      const list = await admin.request({ method: 'GET', url: '/api/v1/moderation/filters' });
      assert.ok(list.json().categories.includes('contact'));
    });

    it('keeps an anonymous viewer muted after they clear storage (same address and browser)', async () => {
      const openEvent = await createEvent(h, 'open');
      const browser = {
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
        'accept-language': 'de',
      };
      const first = await open({ name: 'Troll' }, browser, openEvent);
      await send(first, 'hello');
      const hostHere = await open({}, { cookie: admin.cookie, origin: base }, openEvent);
      const muted = await hostHere.request({
        type: 'viewer.mute',
        viewerId: first.welcome.you.viewerId,
        duration: '1d',
        reason: 'spam',
      });
      assert.ok(muted.result.muteId);
      const cleared = await open({ name: 'Troll again' }, browser, openEvent);
      assert.notEqual(cleared.welcome.you.viewerId, first.welcome.you.viewerId);
      assert.ok(cleared.welcome.personal.muted, 'a new anonymous id from the same browser is still muted');
      assert.equal(
        (await cleared.request({ type: 'chat.send', id: clientId(), body: 'back' })).code,
        'FORBIDDEN',
      );
      const neighbour = await open(
        { name: 'Someone else' },
        { 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/17', 'accept-language': 'en' },
        openEvent,
      );
      assert.equal(neighbour.welcome.personal.muted, null);
      assert.equal(await send(neighbour, 'hi'), 'visible');
      const lifted = await hostHere.request({
        type: 'viewer.unmute',
        viewerId: cleared.welcome.you.viewerId,
      });
      assert.equal(lifted.result.viewerId, cleared.welcome.you.viewerId);
      assert.equal(await send(cleared, 'thanks'), 'visible');
    });
  });
}
