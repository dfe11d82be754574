import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent } from '../support/fixtures.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { startSmtpPeer } from '../support/smtp.js';
import { byKey, patchTask, putMember, room } from './support.js';

// 08:30 in Shanghai on 24 November 2030: T-16 of the fixture event (10 December 14:00).
const NOW = Date.parse('2030-11-24T00:30:00Z');

const toOf = (mail: { to?: unknown }) => {
  const to = mail.to as { text?: string } | undefined;
  return to?.text ?? '';
};

for (const dialect of dialects) {
  describe(`SOP daily digest through the job queue and SMTP (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
    let admin: StaffClient;
    let speaker: StaffClient;
    let quiet: StaffClient;
    before(async () => {
      smtp = await startSmtpPeer();
      h = await startHarness(dialect, {
        SMTP_URL: smtp.url,
        SOP_DIGEST_HOUR_UTC: '1',
        SESSION_IDLE_HOURS: '720',
      });
      h.clock.advance(NOW - h.clock.now().getTime());
      admin = await setupAdmin(h);
      speaker = await addTeammate(h, admin, 'member', 'speaker@example.com');
      quiet = await addTeammate(h, admin, 'member', 'quiet@example.com');
      await speaker.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
      const eventId = (await createEvent(admin, { slug: 'digest-event', title: 'Digest Summit' })).id;
      await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${eventId}/sop/team/owner`,
        payload: { user_id: admin.userId },
      });
      await putMember(admin, eventId, 'speakers', speaker.userId);
      await putMember(admin, eventId, 'speakers', quiet.userId);
      await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/sop/apply`,
        payload: { template_id: 'playbook' },
      });
      const tasks = (await room(admin, eventId)).tasks;
      const guests = byKey(tasks, 'plan.guests');
      const outline = byKey(tasks, 'content.outline');
      const slides = byKey(tasks, 'rehearsal.slides');
      await patchTask(admin, eventId, guests.id, { version: guests.version, assignee_id: speaker.userId });
      await patchTask(admin, eventId, outline.id, { version: outline.version, assignee_id: speaker.userId });
      await patchTask(admin, eventId, slides.id, { version: slides.version, assignee_id: quiet.userId });
      const off = await quiet.request({
        method: 'PUT',
        url: '/api/v1/sop/digest',
        payload: { daily_digest: false },
      });
      assert.equal(off.json().daily_digest, false);
    });
    after(async () => {
      await h.close();
      await smtp.close();
    });

    it('runs once a day at the set hour and mails each assignee and owner their tasks, in their language', async () => {
      assert.equal(await h.services.sop.digest.schedule(), '2030-11-24');
      assert.equal(await h.services.sop.digest.schedule(), '2030-11-24', 'scheduling again is idempotent');
      assert.equal(await h.services.jobs.runDue(), 0, 'not before 01:00 UTC');
      h.clock.advance(31 * 60_000);
      await h.services.jobs.runDue();
      assert.equal(smtp.received.length, 2, 'the owner and the assignee; the one who opted out gets none');
      const zh = smtp.received.find((m) => toOf(m) === 'speaker@example.com')!;
      assert.equal(zh.subject, '您的活动任务：1 项逾期，1 项即将到期');
      assert.match(
        zh.text ?? '',
        /已逾期\n- T-21 · Confirm the guests, speakers and host — Digest Summit · 截止 /,
      );
      assert.match(zh.text ?? '', /未来 3 天到期\n- T-14 · Agree the talk outline/);
      assert.ok(!(zh.text ?? '').includes('Final slides'));
      assert.match(zh.text ?? '', /打开项目空间：http:\/\/localhost:3000\/admin\/#\/my-tasks/);
      const en = smtp.received.find((m) => toOf(m) === 'admin@example.com')!;
      assert.equal(en.subject, 'Your event tasks: 2 overdue, 0 due soon');
      assert.match(en.text ?? '', /Lock the event plan: topic, audience, pain point, goals/);
      assert.match(en.text ?? '', /Events you own\n- Digest Summit: 0 of 38 tasks closed; 3 overdue/);
      assert.match(String(en.html), /#\/my-tasks/);
    });

    it('never sends the same day twice, and schedules the next day', async () => {
      await h.services.jobs.runDue();
      assert.equal(smtp.received.length, 2);
      const next = await h.services.db.kysely
        .selectFrom('jobs')
        .select(['run_at', 'status'])
        .where('idempotency_key', '=', 'sop.digest:2030-11-25')
        .executeTakeFirstOrThrow();
      assert.equal(next.run_at, '2030-11-25T01:00:00.000Z');
      assert.equal(next.status, 'pending');
      // A re-run of the same day's job (e.g. after a crash) finds every email already sent.
      await h.services.sop.digest.run('2030-11-24');
      await h.services.jobs.runDue();
      assert.equal(smtp.received.length, 2);
    });

    it('is not stopped by a deleted draft event that had a plan, and prunes its project room', async () => {
      const draft = (await createEvent(admin, { slug: 'deleted-draft' })).id;
      await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${draft}/sop/team/owner`,
        payload: { user_id: admin.userId },
      });
      await admin.request({
        method: 'POST',
        url: `/api/v1/events/${draft}/sop/apply`,
        payload: { template_id: 'playbook' },
      });
      await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${draft}`,
        payload: { starts_at: '2030-12-20T14:00', ends_at: '2030-12-20T15:00' },
      });
      assert.equal(
        (await admin.request({ method: 'DELETE', url: `/api/v1/events/${draft}` })).statusCode,
        200,
      );
      assert.equal(await h.services.sop.digest.run('2030-11-24'), 2);
      const content = await h.services.sop.digest.contentFor(admin.userId);
      assert.deepEqual(
        content?.owned.map((o) => o.title),
        ['Digest Summit'],
      );
      const db = h.services.db.kysely;
      const left = await db.selectFrom('sop_tasks').select('id').where('event_id', '=', draft).execute();
      assert.equal(left.length, 0, 'the deleted event’s tasks are pruned');
      assert.equal(
        (await db.selectFrom('sop_teams').select('event_id').where('event_id', '=', draft).execute()).length,
        0,
      );
    });

    it('the next day reflects finished work and the opt-out can be turned back on', async () => {
      await quiet.request({ method: 'PUT', url: '/api/v1/sop/digest', payload: { daily_digest: true } });
      h.clock.advance(86_400_000);
      await h.services.jobs.runDue();
      const day2 = smtp.received.slice(2);
      assert.deepEqual(day2.map(toOf).sort(), ['admin@example.com', 'speaker@example.com']);
      // quiet's only task is due at T-2: not overdue, not within 3 days, so no email yet.
      assert.ok(!day2.some((m) => toOf(m) === 'quiet@example.com'));
    });
  });
}
