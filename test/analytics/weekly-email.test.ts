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
import { startSmtpPeer } from '../support/smtp.js';
import { NOW, seedScenario } from './scenario.js';

const toOf = (mail: { to?: unknown }) => (mail.to as { text?: string } | undefined)?.text ?? '';
// NOW (2026-12-20 00:00 UTC) is Sunday 08:00 in Shanghai: the review's week ends exactly then.
const SUNDAY_8 = { weekday: 7, hour: 8, timezone: 'Asia/Shanghai' };
const HOUR = 3_600_000;

for (const dialect of dialects) {
  describe(`weekly review email through the job queue and SMTP (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
    let admin: StaffClient;
    let sales: StaffClient;
    let member: StaffClient;

    const pending = (key: string) =>
      h.services.db.kysely
        .selectFrom('jobs')
        .select(['run_at', 'status'])
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
    const setSchedule = (schedule: object, who = admin) =>
      who.request({ method: 'PUT', url: '/api/v1/analytics/weekly-email/schedule', payload: schedule });
    const optIn = (who: StaffClient, on: unknown) =>
      who.request({ method: 'PUT', url: '/api/v1/analytics/weekly-email', payload: { weekly_email: on } });

    before(async () => {
      smtp = await startSmtpPeer();
      h = await startHarness(dialect, { SMTP_URL: smtp.url, SESSION_IDLE_HOURS: '720' });
      // Sunday 07:00 in Shanghai.
      h.clock.advance(Date.parse(NOW) - HOUR - h.clock.now().getTime());
      admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales', 'sales@example.com');
      member = await addTeammate(h, admin, 'member', 'member@example.com');
      await sales.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
      await seedScenario(h.services.db.kysely);
    });
    after(async () => {
      await h.close();
      await smtp.close();
    });

    it('is off by default: a run with nobody opted in sends nothing and schedules the next week', async () => {
      const mine = await sales.request({ url: '/api/v1/analytics/weekly-email' });
      assert.equal(mine.statusCode, 200);
      assert.deepEqual(mine.json(), {
        weekly_email: false,
        schedule: { weekday: 1, hour: 9, timezone: 'UTC' },
        next_run_at: '2026-12-21T09:00:00.000Z',
      });
      // Sunday 07:30 in Shanghai, half an hour from now.
      const early = await setSchedule({ weekday: 7, hour: 7, timezone: 'Asia/Shanghai' });
      assert.equal(early.statusCode, 200, early.body);
      assert.equal(early.json().next_run_at, '2026-12-19T23:00:00.000Z');
      await h.services.jobs.runDue();
      assert.equal(smtp.received.length, 0);
      assert.equal((await pending('analytics.weekly:2026-12-26T23:00:00.000Z'))?.status, 'pending');
      assert.equal(
        (
          await h.services.db.kysely
            .selectFrom('jobs')
            .select('id')
            .where('type', '=', 'analytics.weekly.person')
            .execute()
        ).length,
        0,
      );
    });

    it('refuses bad preference and schedule input with a stable error, and the schedule to non-admins', async () => {
      for (const bad of ['yes', 1, null]) {
        const res = await optIn(member, bad);
        assert.equal(res.statusCode, 400, String(bad));
        assert.equal(res.json().error.code, 'VALIDATION_FAILED');
        assert.ok(res.json().error.details.fields.weekly_email);
      }
      const res = await setSchedule({ weekday: 8, hour: 24, timezone: 'Mars/Olympus' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.deepEqual(Object.keys(res.json().error.details.fields).sort(), ['hour', 'timezone', 'weekday']);
      const denied = await setSchedule(SUNDAY_8, member);
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().error.code, 'FORBIDDEN');
      assert.equal(
        (await member.request({ url: '/api/v1/analytics/weekly-email' })).json().weekly_email,
        false,
      );
    });

    it('mails each opted-in teammate once at the set time, with the review’s figures, in their language', async () => {
      const on = await optIn(sales, true);
      assert.equal(on.statusCode, 200, on.body);
      assert.equal(on.json().weekly_email, true);
      assert.equal((await optIn(member, true)).json().weekly_email, true);
      // Moved within the same week to Sunday 08:00: the 07:00 run already went.
      const moved = await setSchedule(SUNDAY_8);
      assert.deepEqual(moved.json(), { schedule: SUNDAY_8, next_run_at: NOW });
      assert.equal(await h.services.jobs.runDue(), 0, 'not before 08:00 in Shanghai');
      h.clock.advance(Date.parse(NOW) - h.clock.now().getTime());
      await h.services.jobs.runDue();
      assert.deepEqual(smtp.received.map(toOf).sort(), ['member@example.com', 'sales@example.com']);

      const en = smtp.received.find((m) => toOf(m) === 'member@example.com')!;
      assert.equal(en.subject, 'Weekly review: 1 registrations, 4 viewers this week');
      const text = en.text ?? '';
      assert.match(text, /Registrations: 1 \(the week before: 400\)/);
      assert.match(text, /Registered viewers who watched: 4 \(the week before: 400\)/);
      assert.match(
        text,
        /- Analytics main event: registrations 0, viewers 0, MQLs 10, pipeline 0, revenue 40,000\n/,
      );
      assert.match(
        text,
        /- Year-old event: registrations 1, viewers 4, MQLs 1, pipeline 50,000, revenue 40,000\n {2}Earlier event, held Dec 10, 2025: its replay still brings pipeline/,
      );
      assert.ok(!text.includes('Draft event'));
      assert.match(text, /Open the weekly review: http:\/\/localhost:3000\/admin\/#\/review/);
      assert.match(String(en.html), /href="http:\/\/localhost:3000\/admin\/#\/review"/);
      // Counts only: no contact's name or address.
      for (const body of [text, String(en.html)]) {
        assert.ok(!/Viewer |@example\.com/.test(body.replace(/member@example\.com/g, '')), body);
      }

      const zh = smtp.received.find((m) => toOf(m) === 'sales@example.com')!;
      assert.equal(zh.subject, '周度复盘：本周报名 1，观看 4');
      assert.match(zh.text ?? '', /报名：1（上一周：400）/);
      assert.match(
        zh.text ?? '',
        /- Year-old event: 报名 1，观看 4，MQL 1，商机金额 50,000，成交金额 40,000/,
      );
      assert.match(zh.text ?? '', /往期活动，举办于 2025年12月10日：回放仍在带来商机/);
    });

    it('never sends twice the same week, and schedules the next week', async () => {
      await h.services.jobs.runDue();
      assert.equal(smtp.received.length, 2);
      assert.deepEqual(await pending('analytics.weekly:2026-12-27T00:00:00.000Z'), {
        run_at: '2026-12-27T00:00:00.000Z',
        status: 'pending',
      });
      // A re-run of the same send time (a crash before the job was marked done) finds every email sent.
      assert.equal(await h.services.weeklyEmail.run(new Date(NOW)), 2);
      await h.services.jobs.runDue();
      assert.equal(smtp.received.length, 2);
      // A person's job run again after its email went (a crash before it was marked done): the
      // mailer's per-week key finds the message sent.
      assert.equal(await h.services.weeklyEmail.send(member.userId, new Date(NOW), '2026-W51'), true);
      assert.equal(smtp.received.length, 2);
      // Moving the send hour later the same Sunday: still the same ISO week, so nobody gets a second.
      await setSchedule({ ...SUNDAY_8, hour: 9 });
      h.clock.advance(HOUR);
      await h.services.jobs.runDue();
      assert.equal(smtp.received.length, 2);
      await setSchedule(SUNDAY_8);
    });

    it('opting out stops it; the next week goes to those still opted in', async () => {
      const off = await optIn(member, false);
      assert.equal(off.json().weekly_email, false);
      h.clock.advance(Date.parse('2026-12-27T00:00:00.000Z') - h.clock.now().getTime());
      await h.services.jobs.runDue();
      const week2 = smtp.received.slice(2);
      assert.deepEqual(week2.map(toOf), ['sales@example.com']);
      assert.equal(week2[0]!.subject, '周度复盘：本周报名 0，观看 0');
      assert.match(week2[0]!.text ?? '', /本周没有活动新增报名、观众、MQL、商机或成交。/);
      assert.equal((await pending('analytics.weekly:2027-01-03T00:00:00.000Z'))?.status, 'pending');
    });
  });
}
