import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { codeOf, invitation, person, publishedEvent, registerVia } from './support.js';

for (const dialect of dialects) {
  describe(`referrals: personal links, gates and the rules (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let sales: StaffClient;

    before(async () => {
      h = await startHarness(dialect, { REGISTRATION_RATE_LIMIT_PER_MINUTE: '1000' });
      admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales');
    });
    after(async () => h.close());

    const referredBy = async (token: string) => {
      const row = await h.services.db.kysely
        .selectFrom('registrations')
        .select(['id', 'referred_by'])
        .where('join_token', '=', token)
        .executeTakeFirstOrThrow();
      return row;
    };

    it('gives each registrant an unguessable personal link that lands on the event and sets referred_by', async () => {
      const event = await publishedEvent(admin, { slug: 'ref-chain' });
      const ann = (await registerVia(h, event.slug, { name: 'Ann Lee', email: 'ann@corp.example' }))!;
      const mine = await invitation(h, ann);
      assert.equal(mine, mine);
      assert.match(mine.invite_url, /^http:\/\/localhost:3000\/i\/[A-Za-z0-9_-]{14}$/);
      assert.equal((await invitation(h, ann)).invite_url, mine.invite_url, 'the link is stable');
      assert.equal(mine.gate, null, 'no gate yet');
      const code = codeOf(mine.invite_url);
      const landing = await h.app.inject({ url: `/i/${code}` });
      assert.equal(landing.statusCode, 303);
      assert.equal(landing.headers.location, `/e/${event.slug}?ref=${code}`);
      const page = await h.app.inject({ url: landing.headers.location as string });
      assert.match(page.body, new RegExp(`<input type="hidden" name="ref" value="${code}">`));
      // Unknown codes are not an error page with details, just not found; never a redirect elsewhere.
      assert.equal((await h.app.inject({ url: '/i/nope' })).statusCode, 404);

      // Through the no-JS form (the hidden field), then a chain: Bob invites Cara.
      const form = await h.app.inject({
        method: 'POST',
        url: `/e/${event.slug}/register`,
        remoteAddress: '10.9.0.1',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Phone/1' },
        payload: new URLSearchParams({ ...person('Bob Wu', 'bob@corp.example'), ref: code }).toString(),
      });
      assert.equal(form.statusCode, 303);
      const bob = (form.headers.location as string).split('/registered/')[1]!.split('?')[0]!;
      const annRow = await referredBy(ann);
      assert.equal((await referredBy(bob)).referred_by, annRow.id);
      const cara = (await registerVia(
        h,
        event.slug,
        { name: 'Cara', email: 'cara@other.example' },
        { ref: codeOf((await invitation(h, bob)).invite_url) },
      ))!;
      assert.equal((await referredBy(cara)).referred_by, (await referredBy(bob)).id);
      assert.equal(annRow.referred_by, null);

      // A code of another event does not refer anyone here.
      const other = await publishedEvent(admin, { slug: 'ref-other' });
      const dan = (await registerVia(
        h,
        other.slug,
        { name: 'Dan', email: 'dan@corp.example' },
        { ref: code },
      ))!;
      assert.equal((await referredBy(dan)).referred_by, null);
    });

    it('moves a gate only with referrals that count, and tells the team why the others did not', async () => {
      const event = await publishedEvent(admin, { slug: 'ref-gate' });
      const saved = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/referral-gate`,
        payload: {
          goal: 3,
          reward_kind: 'custom',
          reward_text: 'The slide deck and the checklist',
          leaderboard_in_room: true,
        },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().gate.goal, 3);
      const ann = (await registerVia(
        h,
        event.slug,
        { name: 'Ann Lee', email: 'Ann.Lee@gmail.com' },
        { ip: '10.1.1.1', userAgent: 'AnnBrowser' },
      ))!;
      const ref = codeOf((await invitation(h, ann)).invite_url);
      const progress = async () => (await invitation(h, ann)).gate!;
      assert.deepEqual(
        { ...(await progress()), reward_url: undefined },
        {
          goal: 3,
          counted: 0,
          remaining: 3,
          unlocked: false,
          reward_kind: 'custom',
          reward_title: 'The slide deck and the checklist',
          reward_url: undefined,
        },
      );

      // Self-referral: her own mailbox written another way.
      await registerVia(
        h,
        event.slug,
        { name: 'Ann again', email: 'annlee+webinar@googlemail.com' },
        { ref, ip: '10.2.0.1' },
      );
      // Self-referral: her own browser (the contact cookie the form set) registering "a friend".
      const annCookie = await h.app.inject({
        method: 'POST',
        url: `/e/${event.slug}/register`,
        remoteAddress: '10.1.1.1',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'AnnBrowser' },
        payload: new URLSearchParams(person('Ann Lee', 'ann.lee@gmail.com')).toString(),
      });
      const cookie = annCookie.cookies.find((c) => c.name === 'lc_contact')!;
      const fromHerBrowser = await h.app.inject({
        method: 'POST',
        url: `/e/${event.slug}/register`,
        remoteAddress: '10.3.0.1',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'Other',
          cookie: `lc_contact=${cookie.value}`,
        },
        payload: new URLSearchParams({ ...person('Fake Friend', 'fake@corp.example'), ref }).toString(),
      });
      assert.equal(fromHerBrowser.statusCode, 303);
      // Another capitalisation of an address already registered is the same registration.
      const bob = await registerVia(
        h,
        event.slug,
        { name: 'Bob', email: 'bob@corp.example' },
        { ref, ip: '10.4.0.1' },
      );
      assert.ok(bob);
      assert.equal(
        await registerVia(h, event.slug, { name: 'Bob', email: 'BOB@Corp.Example' }, { ref, ip: '10.4.0.2' }),
        undefined,
      );
      // The same mailbox as someone registered without the link.
      await registerVia(h, event.slug, { name: 'Carl', email: 'carl@corp.example' }, { ip: '10.5.0.1' });
      await registerVia(
        h,
        event.slug,
        { name: 'Carl', email: 'carl+2@corp.example' },
        { ref, ip: '10.5.0.2' },
      );
      assert.equal((await progress()).counted, 1, 'only Bob counts so far');

      // One device typing several addresses: the second does not count.
      const device = { ip: '10.6.0.1', userAgent: 'SameBrowser' };
      await registerVia(h, event.slug, { name: 'Dee', email: 'dee@corp.example' }, { ref, ...device });
      await registerVia(h, event.slug, { name: 'Eve', email: 'eve@corp.example' }, { ref, ...device });
      assert.equal((await progress()).counted, 2);

      // An office address: three colleagues count, the burst after that does not.
      for (const name of ['f1', 'f2', 'f3', 'f4', 'f5'])
        await registerVia(
          h,
          event.slug,
          { name, email: `${name}@office.example` },
          { ref, ip: '10.7.0.1', userAgent: `UA ${name}` },
        );
      const done = await progress();
      assert.equal(done.counted, 5);
      assert.equal(done.unlocked, true);
      assert.equal(done.reward_url, null, 'a text reward has no link');
      h.clock.advance(2 * 3600_000);
      await registerVia(
        h,
        event.slug,
        { name: 'f6', email: 'f6@office.example' },
        { ref, ip: '10.7.0.1', userAgent: 'UA f6' },
      );
      assert.equal((await progress()).counted, 6, 'the address counts again after the burst window');

      const board = await sales.request({ url: `/api/v1/events/${event.id}/referrals/leaderboard` });
      assert.equal(board.statusCode, 200, board.body);
      const body = board.json();
      assert.equal(body.leaderboard[0].name, 'Ann Lee');
      assert.equal(body.leaderboard[0].counted, 6);
      assert.deepEqual(body.summary, {
        counted: 6,
        not_counted: { self: 2, same_person: 1, same_device: 1, ip_burst: 2 },
      });
      assert.equal(body.leaderboard[0].not_counted, 6);
      assert.deepEqual((await invitation(h, ann)).leaderboard, [{ name: 'Ann', counted: 6 }]);
    });

    it('unlocks an offer or the replay by link, checks input, and keeps the gate to the team', async () => {
      const event = await publishedEvent(admin, { slug: 'ref-offer' });
      const url = `/api/v1/events/${event.id}/referral-gate`;
      const bad = await admin.request({ method: 'PUT', url, payload: { goal: 0, reward_kind: 'offer' } });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().error.details.fields).sort(), ['goal', 'offer_id']);
      const unknownOffer = await admin.request({
        method: 'PUT',
        url,
        payload: { goal: 1, reward_kind: 'offer', offer_id: 'nope' },
      });
      assert.equal(unknownOffer.statusCode, 400);
      assert.equal((await admin.request({ url })).json().gate, null, 'nothing saved');
      assert.equal(
        (await sales.request({ method: 'PUT', url, payload: { goal: 1, reward_kind: 'replay' } })).statusCode,
        403,
      );
      const offerId = 'offer-ref-1';
      await h.services.db.kysely
        .insertInto('room_offers')
        .values({
          id: offerId,
          event_id: event.id,
          title: 'Playbook PDF',
          description: '',
          cta_label: 'Download',
          url: 'https://example.com/playbook.pdf',
          requires_form: 0,
          status: 'draft',
          created_at: new Date().toISOString(),
          pushed_at: null,
          file_id: null,
        } as never)
        .execute();
      const ok = await admin.request({
        method: 'PUT',
        url,
        payload: { goal: 1, reward_kind: 'offer', offer_id: offerId },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().gate.offer_title, 'Playbook PDF');
      const ann = (await registerVia(h, event.slug, { name: 'Ann', email: 'ann@corp.example' }))!;
      const before = (await invitation(h, ann)).gate!;
      assert.equal(before.reward_url, null, 'the offer stays hidden until unlocked');
      await registerVia(
        h,
        event.slug,
        { name: 'Bo', email: 'bo@corp.example' },
        { ref: codeOf((await invitation(h, ann)).invite_url) },
      );
      assert.equal((await invitation(h, ann)).gate!.reward_url, 'https://example.com/playbook.pdf');
      assert.equal(
        (await invitation(h, ann)).leaderboard,
        null,
        'the room shows no leaderboard unless asked',
      );

      await admin.request({ method: 'PUT', url, payload: { goal: 1, reward_kind: 'replay' } });
      assert.equal((await invitation(h, ann)).gate!.reward_url, `http://localhost:3000/j/${ann}`);
      assert.equal((await admin.request({ method: 'DELETE', url })).statusCode, 200);
      assert.equal((await invitation(h, ann)).gate, null);
      assert.equal((await admin.request({ method: 'DELETE', url })).statusCode, 404);
      assert.equal(
        (await h.app.inject({ url: '/api/v1/public/registrations/nope/invitation' })).statusCode,
        404,
      );
    });

    it('keeps the replay from a registrant until they reach a replay gate, in the room and its status', async () => {
      const event = await publishedEvent(admin, { slug: 'ref-replay' });
      const ann = (await registerVia(h, event.slug, { name: 'Ann', email: 'ann@corp.example' }))!;
      // The event has ended and its replay is ready.
      const stream = await h.services.live.stream(event.id);
      await h.services.db.kysely
        .updateTable('live_streams')
        .set({ replay_status: 'ready' })
        .where('event_id', '=', event.id)
        .execute();
      await h.services.db.kysely
        .updateTable('events')
        .set({ status: 'on_demand' })
        .where('id', '=', event.id)
        .execute();
      const status = async () => (await h.app.inject({ url: `/j/${ann}/status` })).json();
      const key = await h.services.live.replayKey(stream.media_path);
      const replayUrl = `/media/${stream.media_path}/rec/${key}/replay.m3u8`;

      // No gate: the replay plays.
      assert.deepEqual((await status()).playback, { hls: replayUrl, flv: null });
      assert.equal((await status()).replay_locked, null);

      // A gate whose reward is another thing leaves the replay alone.
      const url = `/api/v1/events/${event.id}/referral-gate`;
      await admin.request({
        method: 'PUT',
        url,
        payload: { goal: 2, reward_kind: 'custom', reward_text: 'A mug' },
      });
      assert.equal((await status()).playback.hls, replayUrl);

      // The replay as the reward: no playback and no replay address until two colleagues count.
      await admin.request({ method: 'PUT', url, payload: { goal: 2, reward_kind: 'replay' } });
      const locked = await status();
      assert.equal(locked.state, 'replay');
      assert.equal(locked.playback, null);
      assert.deepEqual(locked.replay_locked, { goal: 2, remaining: 2 });
      const page = await h.app.inject({ url: `/j/${ann}` });
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(key), 'the room page does not carry the replay key');
      assert.match(page.body, /The replay is a reward/);
      assert.match(page.body, /Invite 2 more colleagues/);

      const ref = codeOf((await invitation(h, ann)).invite_url);
      // A second registration of Ann herself does not count.
      await registerVia(h, event.slug, { name: 'Ann', email: 'ANN@corp.example' }, { ref });
      assert.deepEqual((await status()).replay_locked, { goal: 2, remaining: 2 });
      await registerVia(h, event.slug, { name: 'Bo', email: 'bo@corp.example' }, { ref });
      assert.deepEqual((await status()).replay_locked, { goal: 2, remaining: 1 });
      assert.match((await h.app.inject({ url: `/j/${ann}` })).body, /Invite 1 more colleague with/);
      const bo = await registerVia(h, event.slug, { name: 'Cy', email: 'cy@corp.example' }, { ref });
      assert.ok(bo);
      const unlocked = await status();
      assert.equal(unlocked.replay_locked, null);
      assert.deepEqual(unlocked.playback, { hls: replayUrl, flv: null });
      // Cy has invited no one: for Cy the replay stays locked.
      const cy = (await h.app.inject({ url: `/j/${bo}/status` })).json();
      assert.deepEqual(cy.replay_locked, { goal: 2, remaining: 2 });
      assert.equal(cy.playback, null);
      await admin.request({ method: 'DELETE', url });
      assert.equal((await h.app.inject({ url: `/j/${bo}/status` })).json().playback.hls, replayUrl);
    });
  });
}
