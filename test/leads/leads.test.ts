import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { followUpDeadline } from '../../src/leads/deadline.js';
import { createEvent, publish } from '../support/fixtures.js';
import {
  ADMIN,
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { ok, register, roomFacts, settle, signIn } from './support.js';

for (const dialect of dialects) {
  describe(`leads: scoring, lifecycle, hand-off (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let sales: StaffClient;
    let sales2: StaffClient;
    let event: { id: string; slug: string };
    const people: Record<string, { id: string; contact_id: string }> = {};

    before(async () => {
      h = await startHarness(dialect);
      // Friday 4 December 2026, 08:00 UTC (16:00 in Shanghai).
      h.clock.advance(Date.parse('2026-12-04T08:00:00Z') - h.clock.now().getTime());
      admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales', 'sally@example.com');
      sales2 = await addTeammate(h, admin, 'sales', 'sam@example.com');
      event = await createEvent(admin, { slug: 'lead-event' });
      await publish(admin, event.id);
      people.vp = await register(h, event.slug, {
        name: 'Vera VP',
        email: 'vera@acme.example',
        company: 'Acme',
        job_title: 'VP of Marketing',
      });
      people.mgr = await register(h, event.slug, {
        name: '王经理',
        email: 'wang@example.cn',
        company: '东方科技',
        job_title: '市场经理',
      });
      people.absent = await register(h, event.slug, {
        name: '=HYPERLINK("http://x")',
        email: 'absent@example.com',
        company: 'Nope',
        job_title: '',
      });
      await roomFacts(h, event.id, people.vp!.id, {
        liveSeconds: 47 * 60,
        interactions: ['question', 'question', 'offer_download', 'poll_answer', 'checkin'],
      });
      await roomFacts(h, event.id, people.mgr!.id, {
        liveSeconds: 20 * 60,
        replaySeconds: 25 * 60,
        interactions: ['offer_click'],
      });
      await settle(h);
    });
    after(() => h.close());

    it('scores the fixed scenario with the default rules and a readable breakdown', async () => {
      const vp = await ok(admin, { url: `/api/v1/leads/${people.vp!.contact_id}` });
      assert.equal(vp.lead.score, 10 + 5 + 10 + 10 + 10 + 10 + 2 + 15 + 5);
      assert.deepEqual(
        vp.lead.breakdown.map((l: { text: string }) => l.text),
        [
          '+10 VP title',
          '+5 registered for 1 event',
          '+10 attended 1 event live',
          '+10 watched 47 min live',
          '+10 watched 47 min live',
          '+10 asked 2 questions',
          '+2 answered 1 poll',
          '+15 downloaded 1 offer',
          '+5 checked in',
        ],
      );
      assert.equal(vp.lead.stage, 'mql');
      assert.ok(vp.lead.mql_at);
      assert.deepEqual(vp.lead.mql_facts, vp.lead.breakdown);
      assert.equal(vp.history[0].to_stage, 'mql');
      assert.equal(vp.history[0].actor_type, 'system');
      assert.equal(vp.registrations[0].engagement, 10);
      assert.equal(vp.registrations[0].minutes_live, 47);
      assert.equal(vp.interactions.length, 5);

      const mgr = await ok(admin, { url: `/api/v1/leads/${people.mgr!.contact_id}` });
      assert.equal(mgr.lead.score, 5 + 5 + 10 + 10 + 10 + 5);
      assert.equal(mgr.lead.stage, 'new');
      assert.equal(mgr.registrations[0].engagement, 1 + Math.floor((40 * 9) / 60));
      const absent = await ok(admin, { url: `/api/v1/leads/${people.absent!.contact_id}` });
      assert.equal(absent.lead.score, 5);
      assert.equal(absent.registrations[0].engagement, 1 + Math.floor((5 * 9) / 60));
    });

    it('lists and filters leads by event, stage, score, owner and company', async () => {
      const all = await ok(sales, { url: `/api/v1/leads?event_id=${event.id}` });
      assert.equal(all.total, 3);
      assert.deepEqual(
        all.leads.map((l: { name: string }) => l.name),
        ['Vera VP', '王经理', '=HYPERLINK("http://x")'],
      );
      assert.equal((await ok(sales, { url: '/api/v1/leads?stage=mql' })).total, 1);
      assert.equal((await ok(sales, { url: '/api/v1/leads?min_score=40' })).total, 2);
      assert.equal(
        (await ok(sales, { url: `/api/v1/leads?company=${encodeURIComponent('东方')}` })).leads[0].name,
        '王经理',
      );
      assert.equal((await ok(sales, { url: '/api/v1/leads?owner=me' })).total, 0);
      assert.equal((await ok(sales, { url: '/api/v1/leads?q=VERA' })).total, 1);
    });

    it('refuses malformed rules with field messages and changes nothing', async () => {
      const res = await admin.request({
        method: 'PUT',
        url: '/api/v1/leads/rules',
        payload: {
          mql_threshold: 30,
          engagement_full: 50,
          rules: [
            { fact: 'questions_asked', each: 1, points: 5 },
            { fact: 'shoe_size', at_least: 1, points: 5 },
          ],
        },
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.details.fields['rules.0.max_points'], /without bound/);
      assert.match(res.json().error.details.fields['rules.1.fact'], /Unknown fact/);
      assert.equal((await ok(admin, { url: '/api/v1/leads/rules' })).version, 0);
      const bySales = await sales.request({
        method: 'PUT',
        url: '/api/v1/leads/rules',
        payload: {
          mql_threshold: 5,
          engagement_full: 5,
          rules: [{ fact: 'registered', at_least: 1, points: 5 }],
        },
      });
      assert.equal(bySales.statusCode, 403);
    });

    it('gives the rule errors in the language of whoever asked, with the values filled in', async () => {
      try {
        await ok(admin, { method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
        const zh = await admin.request({
          method: 'PUT',
          url: '/api/v1/leads/rules',
          payload: {
            mql_threshold: 30,
            engagement_full: 50,
            rules: [
              { fact: 'questions_asked', each: 1, points: 5 },
              { fact: 'shoe_size', at_least: 1, points: 5 },
            ],
          },
        });
        assert.equal(zh.statusCode, 400);
        const fields = zh.json().error.details.fields;
        assert.match(fields['rules.0.max_points'], /^按单位计分的规则需要设置“max_points”/);
        assert.match(fields['rules.1.fact'], /^未知条件“shoe_size”；可用：/);
        assert.equal((await ok(admin, { url: '/api/v1/leads/rules' })).version, 0);
      } finally {
        await ok(admin, { method: 'PATCH', url: '/api/v1/me', payload: { locale: 'en' } });
      }
    });

    it('re-scores everyone in the background after a rule change, with progress', async () => {
      const rules = {
        mql_threshold: 30,
        engagement_full: 40,
        rules: [
          { fact: 'seniority', in: ['manager', 'vp'], points: 10 },
          { fact: 'minutes_replay', at_least: 20, points: 20, label: 'watched the replay' },
          { fact: 'registered', at_least: 1, points: 1 },
        ],
      };
      const saved = await ok(admin, { method: 'PUT', url: '/api/v1/leads/rules', payload: rules });
      assert.equal(saved.version, 1);
      assert.equal(saved.rescore.status, 'running');
      await h.services.jobs.runDue();
      const run = await ok(sales, { url: `/api/v1/leads/rescores/${saved.rescore.id}` });
      assert.deepEqual([run.rescore.status, run.rescore.done, run.rescore.total], ['done', 3, 3]);
      const mgr = await ok(admin, { url: `/api/v1/leads/${people.mgr!.contact_id}` });
      assert.equal(mgr.lead.score, 31);
      assert.deepEqual(
        mgr.lead.breakdown.map((l: { text: string }) => l.text),
        ['+10 manager title', '+20 watched the replay', '+1 registered for 1 event'],
      );
      assert.equal(mgr.lead.stage, 'mql');
      assert.equal(mgr.lead.rules_version, 1);
      const vp = await ok(admin, { url: `/api/v1/leads/${people.vp!.contact_id}` });
      assert.equal(vp.lead.score, 11);
      assert.equal(vp.lead.stage, 'mql', 'an MQL whose score drops stays MQL');
      const audit = await h.services.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'leads.rules.update')
        .execute();
      assert.equal(audit.length, 1);
    });

    it('hands MQLs to sales when the event ends, with deadlines in office hours of each owner', async () => {
      await ok(admin, {
        method: 'PUT',
        url: `/api/v1/leads/owners/${sales.userId}`,
        payload: { time_zone: 'Asia/Shanghai', in_pool: true },
      });
      await ok(admin, {
        method: 'PUT',
        url: `/api/v1/leads/owners/${sales2.userId}`,
        payload: { time_zone: 'America/New_York', in_pool: true },
      });
      await ok(admin, {
        method: 'PUT',
        url: `/api/v1/events/${event.id}/leads/settings`,
        payload: {
          sla_hours: 48,
          working_hours: { start: '09:00', end: '18:00' },
          assignment_rules: [{ field: 'company', in: ['acme'], owner_id: sales2.userId }],
        },
      });
      // Sales, who may not list the team, read the rule's owner by name.
      const read = await ok(sales, { url: `/api/v1/events/${event.id}/leads/settings` });
      assert.deepEqual(read.settings.assignment_rules, [
        { field: 'company', in: ['acme'], owner_id: sales2.userId, owner_name: 'sales user' },
      ]);
      const bad = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/leads/settings`,
        payload: { sla_hours: 0, working_hours: { start: '18:00', end: '09:00' }, assignment_rules: [] },
      });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.json().error.details.fields.sla_hours);
      assert.ok(bad.json().error.details.fields['working_hours.end']);
      await ok(admin, { method: 'POST', url: `/api/v1/events/${event.id}/status`, payload: { to: 'live' } });
      await ok(admin, { method: 'POST', url: `/api/v1/events/${event.id}/status`, payload: { to: 'ended' } });
      await h.services.jobs.runDue();
      const endedAt = h.clock.now();
      const vp = await ok(admin, { url: `/api/v1/leads/${people.vp!.contact_id}` });
      assert.equal(vp.lead.owner_id, sales2.userId, 'Acme is a named account of the second owner');
      assert.equal(
        vp.assignments[0].due_at,
        followUpDeadline(endedAt, 48, { start: '09:00', end: '18:00' }, 'America/New_York').toISOString(),
      );
      const mgr = await ok(admin, { url: `/api/v1/leads/${people.mgr!.contact_id}` });
      assert.equal(mgr.lead.owner_id, sales.userId);
      // Friday 16:00 in Shanghai: 2 h Friday, 45 h Monday–Friday, 1 h the Monday after.
      assert.equal(mgr.assignments[0].due_at, '2026-12-14T02:00:00.000Z');
      const mine = await ok(sales, { url: '/api/v1/leads/mine' });
      assert.deepEqual(
        mine.leads.map((l: { contact_id: string }) => l.contact_id),
        [people.mgr!.contact_id],
      );
      assert.equal(mine.leads[0].is_overdue, false);
    });

    it('lets sales work only their own leads along the lifecycle, with history and audit', async () => {
      const vpId = people.vp!.contact_id;
      const mgrId = people.mgr!.contact_id;
      assert.equal(
        (
          await sales.request({
            method: 'POST',
            url: `/api/v1/leads/${vpId}/stage`,
            payload: { to: 'accepted' },
          })
        ).statusCode,
        403,
      );
      const touch = await ok(sales, {
        method: 'POST',
        url: `/api/v1/leads/${mgrId}/touches`,
        payload: { kind: 'call', outcome: 'connected', note: '约了下周演示' },
      });
      assert.equal(touch.touch.kind, 'call');
      h.clock.advance(60_000);
      await ok(sales, { method: 'POST', url: `/api/v1/leads/${mgrId}/stage`, payload: { to: 'accepted' } });
      h.clock.advance(60_000);
      const noAmount = await sales.request({
        method: 'POST',
        url: `/api/v1/leads/${mgrId}/stage`,
        payload: { to: 'opportunity' },
      });
      assert.equal(noAmount.statusCode, 400);
      assert.deepEqual(Object.keys(noAmount.json().error.details.fields).sort(), ['amount', 'currency']);
      const skip = await sales.request({
        method: 'POST',
        url: `/api/v1/leads/${mgrId}/stage`,
        payload: { to: 'won', amount: 5 },
      });
      assert.equal(skip.statusCode, 409);
      await ok(sales, {
        method: 'POST',
        url: `/api/v1/leads/${mgrId}/stage`,
        payload: { to: 'opportunity', amount: 120000, currency: 'CNY' },
      });
      h.clock.advance(60_000);
      const won = await ok(sales, {
        method: 'POST',
        url: `/api/v1/leads/${mgrId}/stage`,
        payload: { to: 'won', amount: 110000 },
      });
      assert.equal(won.lead.stage, 'won');
      assert.deepEqual(
        won.history.map((r: { to_stage: string }) => r.to_stage),
        ['mql', 'accepted', 'opportunity', 'won'],
      );
      assert.equal(won.history[2].amount, 120000);
      assert.equal(won.history[2].currency, 'CNY');
      assert.equal(won.history[3].actor_id, sales.userId);
      assert.equal(won.touches[0].note, '约了下周演示');
      assert.ok(won.assignments[0].first_touch_at);
      const audits = await h.services.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', mgrId)
        .execute();
      assert.equal(audits.filter((a) => a.action === 'lead.stage_changed').length, 3);
    });

    it('flags an untouched lead overdue at its deadline, mails its owner, and reports SLA compliance', async () => {
      h.clock.advance(30 * 86_400_000);
      await h.services.jobs.runDue();
      admin = await signIn(h, ADMIN.email, ADMIN.password);
      sales2 = await signIn(h, 'sam@example.com', 'another good password');
      sales = await signIn(h, 'sally@example.com', 'another good password');
      const vp = await ok(admin, { url: `/api/v1/leads/${people.vp!.contact_id}` });
      assert.ok(vp.assignments[0].overdue_at);
      const mail = await h.services.db.kysely
        .selectFrom('mail_messages')
        .select(['to_address', 'subject'])
        .where('subject', 'like', 'Overdue lead%')
        .execute();
      assert.deepEqual(
        mail.map((m) => m.to_address),
        ['sam@example.com'],
      );
      const mine = await ok(sales2, { url: '/api/v1/leads/mine' });
      assert.equal(mine.leads[0].is_overdue, true);
      const sla = await ok(admin, { url: `/api/v1/events/${event.id}/leads/sla` });
      assert.deepEqual(
        { ...sla.sla, median_minutes_to_first_touch: typeof sla.sla.median_minutes_to_first_touch },
        {
          assigned: 2,
          followed_up: 1,
          followed_up_in_time: 1,
          overdue: 1,
          percent_in_time: 50,
          median_minutes_to_first_touch: 'number',
        },
      );
    });

    it('lists nurture segments as live queries and exports them and the leads as Excel-safe CSV', async () => {
      const seg = async (name: string) =>
        (await ok(admin, { url: `/api/v1/events/${event.id}/segments/${name}` })).contacts.map(
          (c: { email: string }) => c.email,
        );
      assert.deepEqual(await seg('registered_absent'), ['absent@example.com']);
      assert.deepEqual(await seg('mql_not_accepted'), ['vera@acme.example']);
      assert.deepEqual(await seg('downloaded_offer'), ['vera@acme.example']);
      assert.deepEqual(await seg('attended_not_mql'), []);
      assert.equal(
        (await admin.request({ url: `/api/v1/events/${event.id}/segments/everyone` })).statusCode,
        400,
      );
      const csv = await admin.request({
        url: `/api/v1/events/${event.id}/segments/registered_absent/contacts.csv`,
      });
      assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/x""\)"/);
      const leadsCsv = await sales.request({ url: `/api/v1/leads.csv?event_id=${event.id}` });
      assert.equal(leadsCsv.statusCode, 200);
      assert.ok(leadsCsv.body.startsWith('\uFEFF"contact_id","name"'));
      assert.match(
        leadsCsv.body,
        /"Vera VP","vera@acme.example","Acme","VP of Marketing","11","mql","sales user","[^"]+","'\+10 VP title · \+1 registered for 1 event"/,
      );
      assert.match(leadsCsv.body, /"'=HYPERLINK/);
    });
  });
}
