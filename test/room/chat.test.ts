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

const SPAM =
  'chinesefreesexvideos高潮,欧美极品少妇性运交,久久久国产一区二区三区,99久久婷婷国产综合精品,成人国产一区二区三区';

for (const dialect of dialects) {
  describe(`room chat and moderation over WebSocket (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let base: string;
    let eventId: string;
    let alice: Awaited<ReturnType<typeof register>>;
    let bob: Awaited<ReturnType<typeof register>>;
    let a: TestSocket;
    let b: TestSocket;
    let host: TestSocket;
    const sockets: TestSocket[] = [];
    const open = async (query: Record<string, string>, headers: Record<string, string> = {}) => {
      const s = await TestSocket.open(socketUrl(base, eventId, query), { headers });
      sockets.push(s);
      return s;
    };

    before(async () => {
      h = await startHarness(dialect, { ROOM_TICK_MS: '20', ROOM_POST_BURST: '15' });
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
      admin = await setupAdmin(h);
      eventId = await createEvent(h);
      alice = await register(h, eventId, 'Alice Zhang');
      bob = await register(h, eventId, 'Bob Li');
      a = await open(
        { token: alice.join_token },
        { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile' },
      );
      b = await open({ token: bob.join_token });
      host = await open({}, { cookie: admin.cookie, origin: base });
    });
    after(async () => {
      for (const s of sockets) s.close();
      await h.close();
    });

    it('refuses unknown join links, drafts, anonymous viewers of registration events and other sites’ staff sockets', async () => {
      await assert.rejects(
        TestSocket.open(socketUrl(base, eventId, { token: 'nope' })),
        (e: { status: number; body: { error: { code: string } } }) => {
          assert.equal(e.status, 401);
          assert.equal(e.body.error.code, 'UNAUTHENTICATED');
          return true;
        },
      );
      await assert.rejects(TestSocket.open(socketUrl(base, eventId, { name: 'Anon' })), { status: 401 });
      const draft = await createEvent(h, 'registration', 'draft');
      await assert.rejects(TestSocket.open(socketUrl(base, draft, { name: 'x' })), { status: 404 });
      await assert.rejects(
        TestSocket.open(socketUrl(base, eventId), {
          headers: { cookie: admin.cookie, origin: 'https://evil.example' },
        }),
        { status: 403 },
      );
    });

    it('welcomes viewers by display name and staff as host, with a live viewer count', async () => {
      assert.equal(a.welcome.you.name, 'Alice Zhang');
      assert.equal(a.welcome.you.host, false);
      assert.equal(host.welcome.you.host, true);
      assert.equal(host.welcome.viewers, 2);
      const third = await open({ token: (await register(h, eventId, 'Third')).join_token });
      await host.event('viewers', (e) => e.count === 3);
      third.close();
      await host.event('viewers', (e) => e.count === 2);
    });

    it('delivers chat to everyone with display names only, and acknowledges after writing', async () => {
      const id = clientId();
      const ack = await a.request({ type: 'chat.send', id, body: 'Hello from Shanghai' });
      assert.equal(ack.type, 'ack');
      assert.equal(ack.result.status, 'visible');
      const seen = await b.event('chat.message', (e) => (e.message as { cid: string }).cid === id);
      const message = seen.message as Record<string, unknown>;
      assert.equal(message.name, 'Alice Zhang');
      assert.equal(message.body, 'Hello from Shanghai');
      const wire = JSON.stringify(b.frames);
      assert.ok(
        !wire.includes(alice.email) && !wire.includes('138 0000') && !wire.includes(alice.id),
        'no personal data or ids to viewers',
      );
      const staffCopy = await host.event('chat.message', (e) => (e.message as { cid: string }).cid === id);
      assert.equal((staffCopy.message as { viewerId: string }).viewerId, alice.id);
      const stored = await h.services.db.kysely
        .selectFrom('room_messages')
        .selectAll()
        .where('client_id', '=', id)
        .execute();
      assert.equal(stored.length, 1);
    });

    it('answers a resent message id with the first result and shows it only once', async () => {
      const id = clientId();
      const first = await a.request({ type: 'chat.send', id, body: 'sent twice' });
      await b.event('chat.message', (e) => (e.message as { cid: string }).cid === id);
      const again = await a.request({ type: 'chat.send', id, body: 'sent twice' });
      assert.equal(again.result.messageId, first.result.messageId);
      assert.equal(again.result.duplicate, true);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(
        b.events('chat.message').filter((e) => (e.message as { cid: string }).cid === id).length,
        1,
      );
    });

    it('blocks the seed’s keyword-stuffed spam line and holds links for review', async () => {
      const spam = await a.request({ type: 'chat.send', id: clientId(), body: SPAM });
      assert.equal(spam.result.status, 'blocked');
      const link = await a.request({
        type: 'chat.send',
        id: clientId(),
        body: 'see http://spam.example/offer',
      });
      assert.equal(link.result.status, 'held');
      await host.event('mod.held', (e) => (e.message as { body: string }).body.includes('spam.example'));
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(!JSON.stringify(b.frames).includes('spam.example'));
      assert.ok(!JSON.stringify(b.frames).includes('少妇'));
    });

    it('rejects malformed, unknown, invalid and oversize frames without disturbing others', async () => {
      const c = await open({ token: (await register(h, eventId, 'Carol')).join_token });
      c.sendRaw('{not json');
      assert.equal((await c.until((f) => f.type === 'error' && f.code === 'BAD_REQUEST')).type, 'error');
      const unknown = await c.request({ type: 'room.explode' });
      assert.equal(unknown.code, 'BAD_REQUEST');
      const invalid = await c.request({ type: 'chat.send', id: 'x', body: '' });
      assert.equal(invalid.code, 'VALIDATION_FAILED');
      assert.ok(invalid.details.fields.id && invalid.details.fields.body);
      c.sendRaw(JSON.stringify({ v: 1, type: 'chat.send', id: clientId(), body: 'x'.repeat(5000) }));
      await c.until(() => c.closed !== undefined).catch(() => {});
      assert.equal(c.closed?.code, 1009);
      const ok = await b.request({ type: 'chat.send', id: clientId(), body: 'still fine' });
      assert.equal(ok.type, 'ack');
    });

    it('limits floods per connection and eventually disconnects the flooder', async () => {
      const d = await open({ token: (await register(h, eventId, 'Dan')).join_token });
      for (let i = 0; i < 80; i++)
        d.sendRaw(JSON.stringify({ v: 1, type: 'chat.send', id: clientId(), body: `flood ${i}` }));
      await d.until(() => d.closed !== undefined, 5000).catch(() => {});
      assert.ok(d.frames.some((f) => f.type === 'error' && f.code === 'RATE_LIMITED'));
      assert.equal(d.closed?.code, 1008);
      const stored = await h.services.db.kysely
        .selectFrom('room_messages')
        .select('id')
        .where('body', 'like', 'flood %')
        .execute();
      assert.ok(stored.length <= 15, `at most the burst was accepted, got ${stored.length}`);
      assert.equal((await a.request({ type: 'chat.send', id: clientId(), body: 'unaffected' })).type, 'ack');
    });

    it('refuses host actions from viewers and changes nothing', async () => {
      const poll = await a.request({
        type: 'poll.create',
        question: 'Q?',
        kind: 'single',
        options: ['a', 'b'],
      });
      assert.equal(poll.code, 'FORBIDDEN');
      const msg = await b.request({ type: 'chat.send', id: clientId(), body: 'do not delete me' });
      const del = await a.request({ type: 'chat.delete', messageId: msg.result.messageId });
      assert.equal(del.code, 'FORBIDDEN');
      const polls = await h.services.db.kysely
        .selectFrom('room_polls')
        .select('id')
        .where('event_id', '=', eventId)
        .execute();
      assert.equal(polls.length, 0);
      const row = await h.services.db.kysely
        .selectFrom('room_messages')
        .select('status')
        .where('id', '=', msg.result.messageId)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'visible');
    });

    it('lets the host delete a message, mute for 1 day, and grant an appeal; all audit-logged', async () => {
      const msg = await a.request({ type: 'chat.send', id: clientId(), body: 'rude remark' });
      const del = await host.request({ type: 'chat.delete', messageId: msg.result.messageId });
      assert.equal(del.result.status, 'deleted');
      await b.event('chat.removed', (e) => e.id === msg.result.messageId);

      const muted = await host.request({
        type: 'viewer.mute',
        viewerId: alice.id,
        duration: '1d',
        reason: 'rule 2: unfriendly',
      });
      const until = Date.parse(muted.result.until) - h.clock.now().getTime();
      assert.equal(until, 86_400_000);
      const notice = await a.event('you.muted');
      assert.equal(notice.until, muted.result.until);
      const refused = await a.request({ type: 'chat.send', id: clientId(), body: 'let me talk' });
      assert.equal(refused.code, 'FORBIDDEN');
      assert.equal(refused.details.reason, 'muted');
      assert.equal(refused.details.until, muted.result.until);

      const appeal = await a.request({ type: 'appeal', body: 'It was a joke, sorry' });
      assert.equal(appeal.type, 'ack');
      assert.equal((await a.request({ type: 'appeal', body: 'again' })).code, 'CONFLICT');
      await host.event('mod.appeal', (e) => (e.appeal as { id: string }).id === appeal.result.appealId);
      const granted = await host.request({
        type: 'appeal.decide',
        appealId: appeal.result.appealId,
        grant: true,
      });
      assert.equal(granted.result.status, 'granted');
      await a.event('you.unmuted');
      assert.equal((await a.request({ type: 'chat.send', id: clientId(), body: 'thanks' })).type, 'ack');

      const audit = (await admin.request({ url: `/api/v1/events/${eventId}/room/audit` })).json().entries as {
        action: string;
      }[];
      const actions = audit.map((e) => e.action);
      for (const action of [
        'moderation.message.deleted',
        'moderation.mute',
        'moderation.appeal.granted',
        'moderation.unmute.appeal',
      ]) {
        assert.ok(actions.includes(action), `${action} in ${actions.join(',')}`);
      }
    });

    it('mutes permanently across events (by contact) until unmuted', async () => {
      await host.request({ type: 'viewer.mute', viewerId: bob.id, duration: 'permanent', reason: 'spam' });
      const notice = await b.event('you.muted');
      assert.equal(notice.until, null);
      const reconnected = await open({ token: bob.join_token });
      assert.deepEqual((reconnected.welcome.personal.muted as { until: null }).until, null);
      await host.request({ type: 'viewer.unmute', viewerId: bob.id });
      assert.equal((await b.request({ type: 'chat.send', id: clientId(), body: 'back' })).type, 'ack');
    });

    it('holds every viewer message in hold-for-review mode until approved, and refuses chat when closed', async () => {
      await host.request({ type: 'chat.mode', mode: 'hold' });
      await b.event('chat.mode', (e) => e.mode === 'hold');
      const held = await b.request({ type: 'chat.send', id: clientId(), body: 'awaiting review' });
      assert.equal(held.result.status, 'held');
      await host.event('mod.held', (e) => (e.message as { id: string }).id === held.result.messageId);
      await host.request({ type: 'chat.approve', messageId: held.result.messageId });
      await a.event('chat.message', (e) => (e.message as { id: string }).id === held.result.messageId);
      await host.request({ type: 'chat.mode', mode: 'closed' });
      const closed = await a.request({ type: 'chat.send', id: clientId(), body: 'anyone?' });
      assert.equal(closed.code, 'INVALID_STATE');
      assert.equal(closed.details.reason, 'chat_closed');
      await host.request({ type: 'chat.mode', mode: 'open' });
    });

    it('takes reports to the staff queue once per reporter', async () => {
      const msg = await a.request({ type: 'chat.send', id: clientId(), body: 'questionable' });
      const rep = await b.request({ type: 'report', messageId: msg.result.messageId, reason: 'offensive' });
      assert.equal(rep.type, 'ack');
      assert.equal(
        (await b.request({ type: 'report', messageId: msg.result.messageId, reason: 'x' })).code,
        'CONFLICT',
      );
      await host.event(
        'mod.report',
        (e) => (e.report as { messageId: string }).messageId === msg.result.messageId,
      );
      const queue = (await admin.request({ url: `/api/v1/events/${eventId}/room/moderation` })).json();
      assert.equal(queue.reports.length, 1);
      await host.request({ type: 'report.decide', reportId: rep.result.reportId, status: 'resolved' });
      assert.equal(
        (await admin.request({ url: `/api/v1/events/${eventId}/room/moderation` })).json().reports.length,
        0,
      );
    });

    it('knows a viewer’s own messages and refuses reports of them', async () => {
      const mine = await a.request({ type: 'chat.send', id: clientId(), body: 'my own words' });
      const own = await a.request({ type: 'report', messageId: mine.result.messageId, reason: 'x' });
      assert.equal(own.code, 'INVALID_STATE');
      assert.equal(own.details.reason, 'own_message');
      a.close();
      a = await open({ token: alice.join_token });
      assert.ok((a.welcome.personal.ownMessages as string[]).includes(mine.result.messageId));
      b.close();
      b = await open({ token: bob.join_token });
      assert.ok(!(b.welcome.personal.ownMessages as string[]).includes(mine.result.messageId));
    });

    it('resumes after a reconnect: recent chat in the welcome, pending resends not duplicated', async () => {
      const id = clientId();
      const first = await a.request({ type: 'chat.send', id, body: 'before the tunnel' });
      a.close();
      const again = await open({ token: alice.join_token });
      const recent = again.welcome.room.messages as { cid: string }[];
      assert.equal(recent.filter((m) => m.cid === id).length, 1);
      const resent = await again.request({ type: 'chat.send', id, body: 'before the tunnel' });
      assert.equal(resent.result.messageId, first.result.messageId);
      a = again;
    });

    it('lets anonymous viewers of open events chat under a chosen name and keep their id', async () => {
      const openEvent = await createEvent(h, 'open');
      const url = (q: Record<string, string>) => socketUrl(base, openEvent, q);
      await assert.rejects(TestSocket.open(url({})), { status: 400 });
      const anon = await TestSocket.open(url({ name: '  Visitor 42 ' }));
      sockets.push(anon);
      assert.equal(anon.welcome.you.name, 'Visitor 42');
      assert.match(anon.welcome.you.viewerId, /^anon_/);
      const token = anon.welcome.you.viewerToken as string;
      const back = await TestSocket.open(url({ name: 'Visitor 42', viewer: token }));
      sockets.push(back);
      assert.equal(back.welcome.you.viewerId, anon.welcome.you.viewerId);
      const forged = await TestSocket.open(
        url({ name: 'Visitor 42', viewer: `${anon.welcome.you.viewerId}.forged` }),
      );
      sockets.push(forged);
      assert.notEqual(forged.welcome.you.viewerId, anon.welcome.you.viewerId);
      assert.equal(
        (await anon.request({ type: 'chat.send', id: clientId(), body: 'hi all' })).result.status,
        'visible',
      );
    });
  });
}

describe('room connection rate limit per client address (sqlite)', () => {
  it('refuses new sockets over the limit, counting the first X-Forwarded-For hop behind a trusted proxy', async () => {
    const h = await startHarness('sqlite', { ROOM_CONNECTS_PER_MINUTE: '2', TRUST_PROXY: 'true' });
    try {
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
      const eventId = await createEvent(h, 'open');
      const url = socketUrl(base, eventId, { name: 'Guest' });
      const from = (ip: string) =>
        TestSocket.open(url, { headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
      const opened = [await from('203.0.113.7'), await from('203.0.113.7')];
      await assert.rejects(
        from('203.0.113.7'),
        (e: { status: number; body: { error: { code: string } } }) => {
          assert.equal(e.status, 429);
          assert.equal(e.body.error.code, 'RATE_LIMITED');
          return true;
        },
      );
      opened.push(await from('198.51.100.9'));
      for (const s of opened) s.close();
    } finally {
      await h.close();
    }
  });
});
