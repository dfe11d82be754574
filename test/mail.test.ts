import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SMTP_CONNECTIONS } from '../src/mail/transport.js';
import { createEvent, publish } from './support/fixtures.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from './support/harness.js';
import { startSmtpPeer } from './support/smtp.js';

const register = (h: Harness, slug: string, email: string) =>
  h.app.inject({
    method: 'POST',
    url: `/api/v1/public/events/${slug}/registrations`,
    payload: { name: '李雷', email, phone: '13800138000', company: 'Acme', consent: true },
  });

for (const dialect of dialects) {
  describe(`confirmation mail (${dialect})`, { skip: await skipReason(dialect) }, () => {
    describe('without SMTP: the local outbox', () => {
      let h: Harness;
      let admin: StaffClient;
      before(async () => {
        h = await startHarness(dialect);
        admin = await setupAdmin(h);
        const event = await createEvent(admin, { slug: 'outbox-event', language: 'zh-CN' });
        await publish(admin, event.id);
      });
      after(() => h.close());

      it('keeps one confirmation per registration, with the join link and the .ics, readable by the team', async () => {
        const res = await register(h, 'outbox-event', 'lilei@example.com');
        const joinUrl = res.json().registration.join_url as string;
        await register(h, 'outbox-event', 'lilei@example.com');
        assert.equal(await h.services.jobs.runDue(), 1);
        assert.equal(await h.services.jobs.runDue(), 0);
        const list = (await admin.request({ url: '/api/v1/mail' })).json();
        assert.equal(list.transport, 'outbox');
        assert.equal(list.total, 1);
        const [summary] = list.messages;
        assert.equal(summary.status, 'kept');
        assert.equal(summary.to_address, 'lilei@example.com');
        assert.match(summary.subject, /^报名成功：/);
        const { message } = (await admin.request({ url: `/api/v1/mail/${summary.id}` })).json();
        assert.ok(message.text_body.includes(joinUrl));
        assert.deepEqual(message.attachments, [
          { filename: 'outbox-event.ics', content_type: 'text/calendar; charset=utf-8; method=PUBLISH' },
        ]);
        assert.equal((await h.app.inject('/api/v1/mail')).statusCode, 401);
      });
    });

    describe('with SMTP: a real SMTP peer', () => {
      let h: Harness;
      let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
      before(async () => {
        smtp = await startSmtpPeer();
        h = await startHarness(dialect, {
          SMTP_URL: smtp.url,
          MAIL_FROM: 'Acme Events <events@acme.example>',
          // The burst below comes from one address.
          REGISTRATION_RATE_LIMIT_PER_MINUTE: '1000',
        });
        const admin = await setupAdmin(h);
        const event = await createEvent(admin, { slug: 'smtp-event' });
        await publish(admin, event.id);
      });
      after(async () => {
        await h.close();
        await smtp.close();
      });

      it('delivers the confirmation with the join link and calendar attachment', async () => {
        const joinUrl = (await register(h, 'smtp-event', 'first@example.com')).json().registration
          .join_url as string;
        await h.services.jobs.runDue();
        assert.equal(smtp.received.length, 1);
        const mail = smtp.received[0]!;
        assert.equal(mail.subject, "You're registered: From 0 to 1: B2B Live Ops");
        assert.deepEqual(mail.from?.value, [{ address: 'events@acme.example', name: 'Acme Events' }]);
        assert.ok(mail.text?.includes(joinUrl));
        assert.ok(String(mail.html).includes(joinUrl));
        const ics = mail.attachments.find((a) => a.filename === 'smtp-event.ics');
        assert.match(ics?.content.toString() ?? '', /DTSTART:20301210T060000Z/);
      });

      it('retries with backoff when the relay refuses, and delivers exactly once', async () => {
        smtp.refuseNext(1);
        await register(h, 'smtp-event', 'second@example.com');
        await h.services.jobs.runDue();
        assert.equal(smtp.received.length, 1);
        const job = await h.services.db.kysely
          .selectFrom('jobs')
          .selectAll()
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow();
        assert.match(job.last_error ?? '', /Try again later/);
        assert.equal(await h.services.jobs.runDue(), 0, 'not due before the backoff');
        h.clock.advance(31_000);
        assert.equal(await h.services.jobs.runDue(), 1);
        assert.equal(smtp.received.length, 2);
        assert.equal(
          smtp.received[1]!.to && 'text' in smtp.received[1]!.to ? smtp.received[1]!.to.text : '',
          'second@example.com',
        );
        const row = await h.services.db.kysely
          .selectFrom('mail_messages')
          .selectAll()
          .where('to_address', '=', 'second@example.com')
          .executeTakeFirstOrThrow();
        assert.equal(row.status, 'sent');
        assert.equal(row.attempts, 2);
      });

      it('sends a burst over a few pooled connections, not one connection per email', async () => {
        const before = smtp.received.length;
        await Promise.all(
          Array.from({ length: 40 }, (_, i) => register(h, 'smtp-event', `burst${i}@example.com`)),
        );
        // Other work the registrations queue (lead scoring) may fall due in the same run:
        // what this test counts is the emails, exactly one per registration.
        assert.ok((await h.services.jobs.runDue()) >= 40);
        assert.equal(smtp.received.length - before, 40);
        assert.ok(smtp.mostConnections <= SMTP_CONNECTIONS, `${smtp.mostConnections} connections at once`);
      });
    });
  });
}
