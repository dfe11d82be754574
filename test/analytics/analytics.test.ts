import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dashboardTables, liveTables } from '../../src/analytics/tables.js';
import { toCsv } from '../../src/registration/csv.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { insertEvent } from '../support/rows.js';
import { NOW, seedScenario } from './scenario.js';

for (const dialect of dialects) {
  describe(`analytics (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let sales: StaffClient;
    let mainId: string;

    before(async () => {
      h = await startHarness(dialect);
      // The review's week ends now: the scenario's facts are dated around NOW.
      h.clock.advance(Date.parse(NOW) - h.clock.now().getTime());
      const admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales');
      mainId = (await seedScenario(h.services.db.kysely)).main.id;
    });
    after(() => h.close());

    const get = async (url: string) => {
      const res = await sales.request({ url });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    it('answers the event dashboard figure by figure, leads from the stage history, visits not available (not 0)', async () => {
      const d = await get(`/api/v1/events/${mainId}/analytics/dashboard`);
      assert.deepEqual(
        d.funnel.map(
          (s: { step: string; count: number | null; rate: number | null; missing: string | null }) => [
            s.step,
            s.count,
            s.rate,
            s.missing,
          ],
        ),
        [
          ['visits', null, null, 'promotion_visits'],
          ['registrations', 1000, null, null],
          ['attendees', 400, 0.4, null],
          // Attendees less the two disqualified; MQLs among them; opportunities created after
          // they watched (m295's came before); the wins that followed.
          ['leads', 398, 0.995, null],
          ['mqls', 60, 0.1508, null],
          ['opportunities', 12, 0.2, null],
          ['won', 3, 0.25, null],
        ],
      );
      assert.equal(d.sources.visits.available, false);
      assert.equal(d.sources.leads.available, true);
      assert.equal(d.won_amount, 60_000);
      assert.deepEqual(d.attendees, { total: 400, live: 300, replay: 100, anonymous_viewers: 0 });
      assert.deepEqual(
        d.channels.map((c: Record<string, unknown>) => [
          c.channel,
          c.registrations,
          c.attendees,
          c.attendees_live,
          c.attendees_replay,
          c.attendance_rate,
          c.visits,
          c.leads,
          c.mqls,
          c.opportunities,
          c.won_amount,
        ]),
        [
          [null, 100, 0, 0, 0, 0, null, 0, 0, 0, 0],
          ['email', 300, 200, 100, 100, 0.6667, null, 200, 30, 0, 0],
          ['linkedin', 200, 0, 0, 0, 0, null, 0, 0, 0, 0],
          ['wechat', 400, 200, 200, 0, 0.5, null, 198, 30, 12, 60_000],
        ],
      );
      assert.deepEqual(d.devices, {
        registrations: { phone: 600, desktop: 350, unknown: 50, phone_share: 0.6316 },
        attendees: { phone: 200, desktop: 200, phone_share: 0.5 },
      });
      // Local days in Shanghai: every registration was made at 00:30 local, 16:30 UTC the day before.
      assert.equal(d.days.length, 10);
      assert.deepEqual(d.days[0], { day: '2026-12-01', registrations: 100, cumulative: 100, attendees: 40 });
      assert.deepEqual(d.days[9], { day: '2026-12-10', registrations: 100, cumulative: 1000, attendees: 40 });
    });

    it('answers the live report figure by figure, in the event’s time zone', async () => {
      const l = await get(`/api/v1/events/${mainId}/analytics/live`);
      assert.deepEqual(l.window, {
        from: '2026-12-10T06:00:00.000Z',
        to: '2026-12-10T06:59:00.000Z',
        source: 'concurrency',
      });
      assert.deepEqual(l.peak, {
        viewers: 130,
        minute: '2026-12-10T06:30:00.000Z',
        local_time: '2026-12-10T14:30',
      });
      assert.deepEqual(l.watch, {
        live_viewers: 300,
        average_seconds: 2000,
        median_seconds: 1800,
        replay_viewers: 100,
        replay_average_seconds: 1200,
        replay_median_seconds: 1200,
      });
      assert.equal(l.minutes.length, 60);
      const minute = (m: number) => l.minutes[m];
      assert.equal(minute(0).local_time, '2026-12-10T14:00');
      assert.equal(minute(45).viewers, 0);
      assert.equal(minute(10).chat, 50);
      assert.equal(minute(20).questions, 4);
      assert.equal(minute(40).poll_answers, 100);
      assert.equal(minute(50).offer_clicks, 40);
      assert.equal(
        l.minutes.reduce((s: number, m: { chat: number }) => s + m.chat, 0),
        50,
      );
      const drop = (m: number) => l.drop_off.find((p: { minute: number }) => p.minute === m);
      assert.equal(l.drop_off.length, 61);
      assert.deepEqual(
        [
          drop(0).viewers,
          drop(10).viewers,
          drop(11).viewers,
          drop(30).viewers,
          drop(31).viewers,
          drop(60).viewers,
        ],
        [300, 300, 200, 200, 100, 100],
      );
      assert.equal(drop(11).share, 0.6667);
      assert.deepEqual(l.totals, {
        chat: 50,
        questions: 4,
        question_votes: 15,
        poll_answers: 100,
        offer_clicks: 40,
        offer_downloads: 10,
        checkins: 25,
      });
      assert.deepEqual(
        l.top_questions.map((q: { id: string; upvotes: number }) => [q.id, q.upvotes]),
        [
          ['q2', 10],
          ['q1', 5],
          ['q3', 0],
        ],
      );
      assert.equal(l.polls[0].respondents, 100);
      assert.deepEqual(l.polls[0].options, [
        { label: 'WeChat', votes: 60, share: 0.6 },
        { label: 'Email', votes: 30, share: 0.3 },
        { label: 'LinkedIn', votes: 10, share: 0.1 },
      ]);
      assert.deepEqual(
        l.offers.map((o: Record<string, unknown>) => [o.title, o.clicks, o.forms, o.downloads, o.viewers]),
        [['Playbook PDF', 40, 5, 10, 40]],
      );
    });

    it('reviews every published event weekly: the year-old event still shows this week’s replay viewers', async () => {
      const w = await get('/api/v1/analytics/weekly-review');
      assert.deepEqual(w.week, {
        from: '2026-12-13T00:00:00.000Z',
        to: NOW,
        previous_from: '2026-12-06T00:00:00.000Z',
      });
      assert.deepEqual(w.totals, {
        registrations_this_week: 1,
        registrations_previous_week: 400,
        attendees_this_week: 4,
        attendees_previous_week: 400,
      });
      assert.equal(w.sources.leads.available, true);
      const rows = w.events.map((e: Record<string, unknown> & { event: { title: string } }) => [
        e.event.title,
        e.registrations,
        e.registrations_this_week,
        e.attendees,
        e.attendees_live,
        e.attendees_replay,
        e.attendees_this_week,
        e.mqls,
        e.mqls_this_week,
        e.pipeline,
        e.pipeline_this_week,
        e.revenue,
        e.revenue_this_week,
      ]);
      // Influence: the year-old event's replay viewer became a 50,000 opportunity and a
      // 40,000 deal this week, so the old event shows pipeline and revenue this week.
      assert.deepEqual(rows, [
        ['Analytics main event', 1000, 0, 400, 300, 100, 0, 60, 10, 120_000, 0, 60_000, 40_000],
        ['Year-old event', 11, 1, 4, 0, 4, 4, 1, 1, 50_000, 50_000, 40_000, 40_000],
      ]);
    });

    it('exports each chart’s table as Excel-safe CSV, the same rows the tables hold', async () => {
      const d = await get(`/api/v1/events/${mainId}/analytics/dashboard`);
      const l = await get(`/api/v1/events/${mainId}/analytics/live`);
      const tables = { ...dashboardTables(d), ...liveTables(l) };
      for (const [name, table] of Object.entries(tables)) {
        const res = await sales.request({ url: `/api/v1/events/${mainId}/analytics.csv?table=${name}` });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/csv/);
        assert.equal(res.body, toCsv(table.columns, table.rows), name);
      }
      const channels = await sales.request({ url: `/api/v1/events/${mainId}/analytics.csv?table=channels` });
      assert.ok(channels.body.startsWith('\uFEFF"channel","visits","registrations"'));
      assert.ok(channels.body.includes('"wechat","","400","200","200","0","0.5","198","30","12","60000"'));
      const review = await sales.request({ url: '/api/v1/analytics/weekly-review.csv' });
      assert.equal(review.statusCode, 200);
      assert.ok(review.body.includes('"Year-old event"'));
    });

    it('says "nothing yet" for an event without facts, and refuses strangers and unknown tables', async () => {
      const empty = await insertEvent(h.services.db.kysely, { slug: 'analytics-empty', title: 'Empty' });
      const d = await get(`/api/v1/events/${empty.id}/analytics/dashboard`);
      assert.deepEqual(d.channels, []);
      assert.deepEqual(d.days, []);
      assert.equal(d.devices.registrations.phone_share, null);
      const l = await get(`/api/v1/events/${empty.id}/analytics/live`);
      assert.equal(l.window.source, 'schedule');
      assert.equal(l.peak, null);
      assert.equal(l.watch.average_seconds, null);
      assert.deepEqual(l.drop_off, []);
      assert.equal(
        (await h.app.inject({ url: `/api/v1/events/${mainId}/analytics/dashboard` })).statusCode,
        401,
      );
      assert.equal((await sales.request({ url: '/api/v1/events/nope/analytics/live' })).statusCode, 404);
      const bad = await sales.request({ url: `/api/v1/events/${mainId}/analytics.csv?table=secrets` });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
    });
  });
}
