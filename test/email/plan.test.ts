import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { dialects, type Harness, type StaffClient, skipReason, startHarness } from '../support/harness.js';
import { startSmtpPeer } from '../support/smtp.js';
import {
  addressOf,
  attended,
  cycle,
  deliveries,
  header,
  lastingAdmin,
  publishedEvent,
  register,
  setClock,
} from './support.js';

for (const dialect of dialects) {
  describe(`event email plan (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
    before(async () => {
      smtp = await startSmtpPeer();
      h = await startHarness(dialect, {
        SMTP_URL: smtp.url,
        MAIL_RATE_PER_MINUTE: '0',
        REGISTRATION_RATE_LIMIT_PER_MINUTE: '1000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      });
      admin = await lastingAdmin(h);
    });
    after(async () => {
      await h.close();
      await smtp.close();
    });
    beforeEach(async () => {
      // Confirmations are the registration domain's; these tests look at the plan's emails.
      await h.services.jobs.runDue();
      smtp.received.length = 0;
    });

    it('sends the day-before reminder 24 hours before the start, across a daylight-saving change, with the time in the zone', async () => {
      // New York springs forward on 10 March 2030: the event is at 10:00 EDT (UTC-4), the day before was EST (UTC-5).
      const event = await publishedEvent(admin, {
        slug: 'dst-event',
        timezone: 'America/New_York',
        starts_at: '2030-03-10T10:00',
        ends_at: '2030-03-10T11:00',
      });
      await register(h, 'dst-event', 'ny@example.com', 'Nia');
      await h.services.jobs.runDue();
      smtp.received.length = 0;
      setClock(h, '2030-03-09T13:59:00.000Z');
      await cycle(h);
      assert.equal(smtp.received.length, 0, 'not before its time');
      setClock(h, '2030-03-09T14:00:00.000Z');
      await cycle(h);
      assert.equal(smtp.received.length, 1);
      const mail = smtp.received[0]!;
      assert.equal(mail.subject, 'Tomorrow: From 0 to 1: B2B Live Ops');
      assert.match(mail.text ?? '', /10:00/);
      assert.match(mail.text ?? '', /America\/New York, GMT-4/);
      assert.match(String(mail.html), /Hi Nia/);
      const ics = mail.attachments.find((a) => a.filename === 'dst-event.ics');
      assert.match(ics?.content.toString() ?? '', /DTSTART:20300310T140000Z/);
      assert.match(ics?.content.toString() ?? '', /SEQUENCE:0/);
      await cycle(h);
      assert.equal(smtp.received.length, 1, 'once');
      assert.deepEqual(await deliveries(h, event.id, 'reminder_1d'), [['ny@example.com', 'sent']]);
    });

    it('sends the hour-before reminder in Shanghai time, and only that one after an outage covering both', async () => {
      const event = await publishedEvent(admin, {
        slug: 'sh-event',
        timezone: 'Asia/Shanghai',
        language: 'zh-CN',
        starts_at: '2030-06-01T20:00',
        ends_at: '2030-06-01T21:00',
      });
      await register(h, 'sh-event', 'sh@example.com', '李雷');
      await h.services.jobs.runDue();
      smtp.received.length = 0;
      // 20:00 in Shanghai is 12:00 UTC; the process was down from before T-1 day until after T-1 hour.
      setClock(h, '2030-06-01T11:10:00.000Z');
      await cycle(h);
      assert.equal(smtp.received.length, 1);
      assert.equal(smtp.received[0]!.subject, '一小时后开播：From 0 to 1: B2B Live Ops');
      assert.match(smtp.received[0]!.text ?? '', /Asia\/Shanghai, GMT\+8/);
      assert.deepEqual(await deliveries(h, event.id, 'reminder_1d'), []);
    });

    it('moves unsent reminders with the event, and the reminder carries the new time and a higher SEQUENCE', async () => {
      const event = await publishedEvent(admin, {
        slug: 'moved-event',
        timezone: 'Europe/Berlin',
        starts_at: '2030-09-10T10:00',
        ends_at: '2030-09-10T11:00',
      });
      await register(h, 'moved-event', 'moved@example.com');
      await h.services.jobs.runDue();
      smtp.received.length = 0;
      // Listed at its time, but the event moves before the sender reaches it.
      setClock(h, '2030-09-09T08:00:00.000Z');
      await h.services.email.tick();
      const moved = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { starts_at: '2030-09-12T10:00', ends_at: '2030-09-12T11:00' },
      });
      assert.equal(moved.statusCode, 200, moved.body);
      await h.services.email.sender.runDue();
      assert.equal(smtp.received.length, 0, 'waits for the new time');
      const [log] = (
        await admin.request({ url: `/api/v1/events/${event.id}/email/deliveries?step=reminder_1d` })
      ).json().deliveries;
      assert.equal(log.status, 'scheduled');
      assert.equal(log.run_at, '2030-09-11T08:00:00.000Z');
      setClock(h, '2030-09-11T08:00:00.000Z');
      await cycle(h);
      assert.equal(smtp.received.length, 1);
      const ics = smtp.received[0]!.attachments[0]!.content.toString();
      assert.match(ics, /DTSTART:20300912T080000Z/);
      assert.match(ics, /SEQUENCE:1/);
    });

    it('cancelling the event drops its unsent reminders and tells every registrant', async () => {
      const event = await publishedEvent(admin, {
        slug: 'cancel-event',
        starts_at: '2031-01-10T14:00',
        ends_at: '2031-01-10T15:00',
      });
      await register(h, 'cancel-event', 'c1@example.com');
      await register(h, 'cancel-event', 'c2@example.com');
      await h.services.jobs.runDue();
      smtp.received.length = 0;
      setClock(h, '2031-01-09T06:00:00.000Z');
      await h.services.email.tick();
      const res = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/email/cancel-event`,
        payload: { notify: true },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { status: 'draft', notified: true });
      await cycle(h);
      assert.deepEqual(smtp.received.map((m) => [addressOf(m), m.subject]).sort(), [
        ['c1@example.com', 'Cancelled: From 0 to 1: B2B Live Ops'],
        ['c2@example.com', 'Cancelled: From 0 to 1: B2B Live Ops'],
      ]);
      assert.deepEqual(await deliveries(h, event.id, 'reminder_1d'), [
        ['c1@example.com', 'cancelled'],
        ['c2@example.com', 'cancelled'],
      ]);
      const again = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/email/cancel-event`,
        payload: { notify: true },
      });
      assert.equal(again.statusCode, 409);
    });

    it('"we are live" goes to registrants not in the room; follow-ups split by attendance; unsubscribe and suppression hold', async () => {
      const event = await publishedEvent(admin, {
        slug: 'live-event',
        starts_at: '2031-03-10T14:00',
        ends_at: '2031-03-10T15:00',
      });
      const [inRoom, away, watcher, optOut] = [
        await register(h, 'live-event', 'inroom@example.com'),
        await register(h, 'live-event', 'away@example.com'),
        await register(h, 'live-event', 'watcher@example.com'),
        await register(h, 'live-event', 'optout@example.com'),
      ];
      const suppressed = await register(h, 'live-event', 'bounced@example.com');
      assert.equal(
        (
          await admin.request({
            method: 'POST',
            url: '/api/v1/mail/suppressions',
            payload: { email: 'Bounced@example.com', note: 'hard bounce reported by the relay' },
          })
        ).statusCode,
        200,
      );
      await h.services.jobs.runDue();
      smtp.received.length = 0;
      // Everyone got the reminders up to here; skip past them.
      setClock(h, '2031-03-10T05:59:00.000Z');
      await cycle(h);
      smtp.received.length = 0;
      await attended(h, event.id, inRoom.id, 0);
      const live = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/status`,
        payload: { to: 'live' },
      });
      assert.equal(live.statusCode, 200, live.body);
      await cycle(h);
      assert.deepEqual(smtp.received.map(addressOf).sort(), [
        'away@example.com',
        'optout@example.com',
        'watcher@example.com',
      ]);
      assert.deepEqual(await deliveries(h, event.id, 'live'), [
        ['away@example.com', 'sent'],
        ['bounced@example.com', 'suppressed'],
        ['optout@example.com', 'sent'],
        ['watcher@example.com', 'sent'],
      ]);
      // The one-click unsubscribe of RFC 8058, as a mail client sends it.
      const optOutMail = smtp.received.find((m) => addressOf(m) === 'optout@example.com')!;
      const unsubscribeUrl = header(optOutMail, 'list-unsubscribe').replace(/^<|>$/g, '');
      assert.match(unsubscribeUrl, /^http:\/\/localhost:3000\/u\/[A-Za-z0-9_-]{43}$/);
      assert.equal(header(optOutMail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      assert.ok(String(optOutMail.html).includes(unsubscribeUrl), 'the link is in the body too');
      const path = new URL(unsubscribeUrl).pathname;
      assert.equal((await h.app.inject({ url: path })).statusCode, 200, 'a GET only asks');
      const oneClick = await h.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      assert.equal(oneClick.statusCode, 200);
      assert.equal((await h.app.inject({ method: 'POST', url: '/u/not-a-real-token' })).statusCode, 404);
      smtp.received.length = 0;

      await attended(h, event.id, watcher.id, 1800);
      // The room's offers: live ones are linked in the attendees' follow-up, a draft is not.
      const offer = (id: string, title: string, status: 'live' | 'draft', requiresForm: number) => ({
        id,
        event_id: event.id,
        title,
        description: '',
        cta_label: 'Get it',
        url: `https://example.com/${id}?a=1&b=2`,
        requires_form: requiresForm,
        status,
        created_at: h.clock.now().toISOString(),
        pushed_at: null,
        file_id: null,
        on_pages: 0,
      });
      await h.services.db.kysely
        .insertInto('room_offers')
        .values([
          offer('o1', 'The slides', 'live', 0),
          offer('o2', 'Buyer guide <PDF>', 'live', 1),
          offer('o3', 'Not yet', 'draft', 0),
        ])
        .execute();
      await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/status`,
        payload: { to: 'ended' },
      });
      setClock(h, '2031-03-10T07:59:00.000Z');
      await cycle(h);
      assert.equal(smtp.received.length, 0, 'follow-ups wait an hour after the end');
      setClock(h, '2031-03-10T08:00:00.000Z');
      await cycle(h);
      assert.deepEqual(smtp.received.map((m) => [addressOf(m), m.subject]).sort(), [
        ['away@example.com', 'Sorry we missed you: From 0 to 1: B2B Live Ops'],
        ['inroom@example.com', 'Sorry we missed you: From 0 to 1: B2B Live Ops'],
        ['watcher@example.com', 'Thank you for joining From 0 to 1: B2B Live Ops'],
      ]);
      const thanks = smtp.received.find((m) => addressOf(m) === 'watcher@example.com')!;
      const html = String(thanks.html);
      assert.ok(html.includes('<a href="https://example.com/o1?a=1&amp;b=2">The slides</a>'), html);
      assert.ok(
        html.includes(`<a href="${watcher.join_url}">Buyer guide &lt;PDF&gt;</a>`),
        'claimed in the room',
      );
      assert.ok(!html.includes('Not yet'), 'a draft offer is not linked');
      assert.match(thanks.text ?? '', /The slides: https:\/\/example\.com\/o1\?a=1&b=2/);
      assert.deepEqual(await deliveries(h, event.id, 'followup_absentees'), [
        ['away@example.com', 'sent'],
        ['bounced@example.com', 'suppressed'],
        ['inroom@example.com', 'sent'],
        ['optout@example.com', 'suppressed'],
      ]);
      assert.ok(away && optOut && suppressed);
      const plan = (await admin.request({ url: `/api/v1/events/${event.id}/email/plan` })).json().plan;
      const absentees = plan.steps.find((s: { step: string }) => s.step === 'followup_absentees');
      assert.equal(absentees.counts.sent, 2);
      assert.equal(absentees.counts.suppressed, 2);
    });

    it('a switched-off step sends nothing, and a relay that refuses keeps the email queued with its answer', async () => {
      const event = await publishedEvent(admin, {
        slug: 'switch-event',
        starts_at: '2031-05-10T14:00',
        ends_at: '2031-05-10T15:00',
      });
      await register(h, 'switch-event', 's1@example.com');
      await h.services.jobs.runDue();
      smtp.received.length = 0;
      const off = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}/email/plan/reminder_1d`,
        payload: { enabled: false },
      });
      assert.equal(off.statusCode, 200, off.body);
      setClock(h, '2031-05-09T06:00:00.000Z');
      await cycle(h);
      assert.equal(smtp.received.length, 0);
      smtp.refuseNext(1);
      setClock(h, '2031-05-10T05:00:00.000Z');
      await cycle(h);
      assert.equal(smtp.received.length, 0);
      const plan = (await admin.request({ url: `/api/v1/events/${event.id}/email/plan` })).json().plan;
      assert.match(plan.relay_problem, /Try again later/);
      h.clock.advance(31_000);
      await cycle(h);
      assert.equal(smtp.received.length, 1);
      assert.deepEqual(await deliveries(h, event.id, 'reminder_1h'), [['s1@example.com', 'sent']]);
    });
  });
}
