import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { startSmtpPeer } from '../support/smtp.js';
import { addressOf, attended, cycle, lastingAdmin, publishedEvent, register } from './support.js';

for (const dialect of dialects) {
  describe(`email templates and campaigns (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
    let eventId: string;
    before(async () => {
      smtp = await startSmtpPeer();
      h = await startHarness(dialect, { SMTP_URL: smtp.url, MAIL_RATE_PER_MINUTE: '0' });
      admin = await lastingAdmin(h);
      eventId = (await publishedEvent(admin, { slug: 'campaign-event' })).id;
      const a = await register(h, 'campaign-event', 'a@example.com', 'Ann');
      await register(h, 'campaign-event', 'b@example.com', 'Ben');
      await attended(h, eventId, a.id, 600);
      await h.services.jobs.runDue();
      smtp.received.length = 0;
    });
    after(async () => {
      await h.close();
      await smtp.close();
    });

    const url = (rest: string) => `/api/v1/events/${eventId}/email/${rest}`;

    it('refuses a template with an unknown field or broken markup, naming the line, and changes nothing', async () => {
      const res = await admin.request({
        method: 'PUT',
        url: url('templates/reminder_1d/en'),
        payload: {
          subject: 'Hi {{nmae}}',
          body: '<mjml><mj-body><mj-section><mj-column>\n<mj-text>Hi <i>{{name}}</mj-text>\n</mj-column></mj-section></mj-body></mjml>',
        },
      });
      assert.equal(res.statusCode, 400);
      const { error } = res.json();
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.deepEqual(
        error.details.problems.map((p: { part: string; line: number; merge_field?: string }) => [
          p.part,
          p.line,
          p.merge_field,
        ]),
        [
          ['subject', 1, 'nmae'],
          ['body', 2, undefined],
        ],
      );
      const current = (await admin.request({ url: url('templates/reminder_1d/en') })).json().template;
      assert.equal(current.is_default, true);
    });

    it('saves a template, previews it with sample values, and sends a test to the signed-in teammate', async () => {
      const body =
        '<mjml><mj-body><mj-section><mj-column>\n<mj-text>Dear {{name}}, see you at {{local_time}}</mj-text>\n<mj-button href="{{join_url}}">Come in</mj-button>\n</mj-column></mj-section></mj-body></mjml>';
      const saved = await admin.request({
        method: 'PUT',
        url: url('templates/reminder_1d/en'),
        payload: { subject: 'See you tomorrow, {{name}}', body },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().template.is_default, false);
      const preview = await admin.request({
        method: 'POST',
        url: url('templates/reminder_1d/en/preview'),
        payload: { subject: 'See you tomorrow, {{name}}', body },
      });
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.json().preview.subject, 'See you tomorrow, Ada Admin');
      assert.match(preview.json().preview.html, /Dear Ada Admin/);
      assert.match(preview.json().preview.text, /Asia\/Shanghai, GMT\+8/);
      const test = await admin.request({
        method: 'POST',
        url: url('templates/reminder_1d/en/test'),
        payload: {},
      });
      assert.equal(test.statusCode, 200, test.body);
      await h.services.jobs.runDue();
      assert.equal(smtp.received.length, 1);
      assert.equal(addressOf(smtp.received[0]!), 'admin@example.com');
      assert.equal(smtp.received[0]!.subject, '[TEST] See you tomorrow, Ada Admin');
      smtp.received.length = 0;
      const reset = await admin.request({ method: 'DELETE', url: url('templates/reminder_1d/en') });
      assert.equal(reset.json().template.is_default, true);
    });

    it('sends a campaign to its audience once, and lets sales read but not send', async () => {
      const created = await admin.request({
        method: 'POST',
        url: url('campaigns'),
        payload: { name: 'Slides for attendees', audience: { kind: 'attendees' } },
      });
      assert.equal(created.statusCode, 200, created.body);
      const campaign = created.json().campaign;
      assert.equal(campaign.status, 'draft');
      const wording = await admin.request({
        method: 'PUT',
        url: url(`templates/${campaign.template_key}/en`),
        payload: {
          subject: 'Your slides, {{name}}',
          body: '<mjml><mj-body><mj-section><mj-column><mj-text>Here they are.</mj-text></mj-column></mj-section></mj-body></mjml>',
        },
      });
      assert.equal(wording.statusCode, 200, wording.body);
      await cycle(h);
      assert.equal(smtp.received.length, 0, 'a draft sends nothing');
      const sales = await addTeammate(h, admin, 'sales');
      assert.equal((await sales.request({ url: url('campaigns') })).statusCode, 200);
      assert.equal(
        (await sales.request({ method: 'POST', url: url(`campaigns/${campaign.id}/schedule`), payload: {} }))
          .statusCode,
        403,
      );
      const scheduled = await admin.request({
        method: 'POST',
        url: url(`campaigns/${campaign.id}/schedule`),
        payload: {},
      });
      assert.equal(scheduled.statusCode, 200, scheduled.body);
      await cycle(h);
      await cycle(h);
      assert.deepEqual(
        smtp.received.map((m) => [addressOf(m), m.subject]),
        [['a@example.com', 'Your slides, Ann']],
      );
      const done = (await admin.request({ url: url(`campaigns/${campaign.id}`) })).json().campaign;
      assert.equal(done.status, 'started');
      assert.equal(done.counts.sent, 1);
      assert.equal(
        (await admin.request({ method: 'POST', url: url(`campaigns/${campaign.id}/schedule`), payload: {} }))
          .statusCode,
        409,
      );
    });

    it('sends a campaign to a nurture segment of the leads domain, and refuses an unknown segment', async () => {
      const refused = await admin.request({
        method: 'POST',
        url: url('campaigns'),
        payload: { name: 'Nobody', audience: { kind: 'segment', segment: 'vip' } },
      });
      assert.equal(refused.statusCode, 400, refused.body);
      const created = await admin.request({
        method: 'POST',
        url: url('campaigns'),
        payload: { name: 'Missed it', audience: { kind: 'segment', segment: 'registered_absent' } },
      });
      assert.equal(created.statusCode, 200, created.body);
      const campaign = created.json().campaign;
      assert.deepEqual(campaign.audience, { kind: 'segment', segment: 'registered_absent' });
      smtp.received.length = 0;
      await admin.request({ method: 'POST', url: url(`campaigns/${campaign.id}/schedule`), payload: {} });
      await cycle(h);
      await cycle(h);
      // Ann watched the live event; Ben registered and never watched.
      assert.deepEqual(
        smtp.received.map((m) => addressOf(m)),
        ['b@example.com'],
      );
    });

    it('answers 404 for unknown steps, languages and campaigns', async () => {
      for (const path of [
        'templates/reminder_2d/en',
        'templates/reminder_1d/fr',
        'templates/campaign.nope/en',
      ]) {
        assert.equal((await admin.request({ url: url(path) })).statusCode, 404, path);
      }
      assert.equal((await admin.request({ url: '/api/v1/events/nope/email/plan' })).statusCode, 404);
    });
  });
}
