import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, multipartFile, PNG_1X1, publish } from '../support/fixtures.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { byKey, patchTask, putMember, room } from './support.js';

// 12:00 in Shanghai, 20 days before the fixture event (2030-12-10 14:00 Asia/Shanghai).
const NOW = Date.parse('2030-11-20T04:00:00Z');

for (const dialect of dialects) {
  describe(`SOP plan: team, template, tasks, reschedule, evidence (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let owner: StaffClient;
    let promoter: StaffClient;
    let promoter2: StaffClient;
    let outsider: StaffClient;
    let sales: StaffClient;
    let eventId: string;
    before(async () => {
      // Sessions must outlive the days the clock is moved forward.
      h = await startHarness(dialect, { SESSION_IDLE_HOURS: '720', SESSION_MAX_DAYS: '90' });
      h.clock.advance(NOW - h.clock.now().getTime());
      admin = await setupAdmin(h);
      owner = await addTeammate(h, admin, 'member', 'owner@example.com');
      promoter = await addTeammate(h, admin, 'member', 'promoter@example.com');
      promoter2 = await addTeammate(h, admin, 'member', 'promoter2@example.com');
      outsider = await addTeammate(h, admin, 'member', 'outsider@example.com');
      sales = await addTeammate(h, admin, 'sales', 'sales@example.com');
      eventId = (await createEvent(admin, { slug: 'sop-event' })).id;
    });
    after(() => h.close());

    it('sets up the team: one owner, groups with members and a lead; sales only in conversion', async () => {
      const setOwner = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${eventId}/sop/team/owner`,
        payload: { user_id: owner.userId },
      });
      assert.equal(setOwner.statusCode, 200);
      assert.equal(setOwner.json().team.owner.user_id, owner.userId);
      // Now only the owner and admins manage the team.
      assert.equal((await putMember(outsider, eventId, 'promotion', outsider.userId)).statusCode, 403);
      assert.equal((await putMember(owner, eventId, 'promotion', promoter.userId, true)).statusCode, 200);
      assert.equal((await putMember(owner, eventId, 'promotion', promoter2.userId)).statusCode, 200);
      assert.equal((await putMember(owner, eventId, 'speakers', promoter.userId)).statusCode, 200);
      const refused = await putMember(owner, eventId, 'speakers', sales.userId);
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().error.details.fields.user_id, /conversion group only/);
      const conv = await putMember(owner, eventId, 'conversion', sales.userId, true);
      assert.equal(conv.statusCode, 200);
      const members = conv.json().team.members as { group: string; user_id: string; is_lead: boolean }[];
      assert.deepEqual(
        members.map((m) => [m.group, m.user_id, m.is_lead]),
        [
          ['speakers', promoter.userId, false],
          ['promotion', promoter.userId, true],
          ['promotion', promoter2.userId, false],
          ['conversion', sales.userId, true],
        ],
      );
      const bad = await putMember(owner, eventId, 'catering', promoter.userId);
      assert.equal(bad.statusCode, 400);
      const team = (await sales.request({ url: `/api/v1/events/${eventId}/sop/team` })).json().team;
      assert.equal(team.can_manage, false);
    });

    it('applies the default template in the event language with due dates on the T-minus scale in its zone', async () => {
      assert.equal(
        (
          await outsider.request({
            method: 'POST',
            url: `/api/v1/events/${eventId}/sop/apply`,
            payload: { template_id: 'playbook' },
          })
        ).statusCode,
        403,
      );
      const res = await owner.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/sop/apply`,
        payload: { template_id: 'playbook' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().changes.added.length, 38);
      const r = await room(owner, eventId);
      assert.equal(r.plan?.template_id, 'playbook');
      assert.equal(r.tasks.length, 38);
      assert.deepEqual(
        r.readiness.phases.map((p) => p.key),
        ['prepare', 'promote', 'live', 'wrap_up'],
      );
      const t8 = r.tasks.filter((t) => t.offset_days === -8);
      assert.equal(t8.length, 15);
      assert.deepEqual(
        new Set(t8.map((t) => t.responsible)),
        new Set(['promotion', 'speakers', 'production', 'conversion']),
      );
      // T-8 = 2 December 2030, start of the day in Shanghai = 1 December 16:00 UTC.
      assert.ok(t8.every((t) => t.due_at === '2030-12-01T16:00:00.000Z' && t.t_label === 'T-8'));
      assert.equal(byKey(r.tasks, 'reminders.day_before').due_at, '2030-12-09T02:00:00.000Z');
      assert.equal(byKey(r.tasks, 'plan.locked').assignee_id, owner.userId, 'owner tasks go to the owner');
      assert.equal(
        byKey(r.tasks, 'leads.handoff').evidence?.automatic,
        false,
        'MQL assignment is checked by people for now',
      );
      assert.equal(byKey(r.tasks, 't8.promotion.posters').evidence?.automatic, true);
      // T-21 tasks were due yesterday: overdue. Nothing due within 48 hours yet.
      assert.equal(byKey(r.tasks, 'plan.locked').risk, 'overdue');
      assert.equal(r.readiness.ready_to_go_live, false);
      assert.equal(r.timeline.today_offset, -20);
      assert.equal(r.timeline.days[0]!.offset, -21);
      const zh = await createEvent(admin, { slug: 'sop-zh', language: 'zh-CN' });
      await owner.request({
        method: 'POST',
        url: `/api/v1/events/${zh.id}/sop/apply`,
        payload: { template_id: 'playbook' },
      });
      const zhTasks = (await room(owner, zh.id)).tasks;
      assert.equal(
        byKey(zhTasks, 't8.conversion.sales').title,
        '同步电销告知活动，协调活动后 48 小时内处理完活动线索',
      );
    });

    it('refuses to apply twice without the re-apply confirmation', async () => {
      const res = await owner.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/sop/apply`,
        payload: { template_id: 'playbook' },
      });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'INVALID_STATE');
    });

    it('lets the group work its tasks, refuses others, checks assignees, reasons and versions', async () => {
      const tasks = (await room(owner, eventId)).tasks;
      const task = byKey(tasks, 't8.promotion.articles');
      assert.equal(
        (await patchTask(outsider, eventId, task.id, { version: task.version, status: 'done' })).statusCode,
        403,
      );
      assert.equal(
        (await patchTask(sales, eventId, task.id, { version: task.version, status: 'done' })).statusCode,
        403,
      );
      const outsiderAssignee = await patchTask(owner, eventId, task.id, {
        version: task.version,
        assignee_id: outsider.userId,
      });
      assert.equal(outsiderAssignee.statusCode, 400);
      assert.equal(
        outsiderAssignee.json().error.details.fields.assignee_id,
        'Choose a member of the responsible group',
      );
      const noReason = await patchTask(promoter, eventId, task.id, {
        version: task.version,
        status: 'not_applicable',
      });
      assert.equal(noReason.statusCode, 400);
      assert.ok(noReason.json().error.details.fields.reason);
      const assigned = await patchTask(promoter, eventId, task.id, {
        version: task.version,
        assignee_id: promoter2.userId,
        status: 'in_progress',
      });
      assert.equal(assigned.statusCode, 200);
      assert.equal(assigned.json().task.version, task.version + 1);
      assert.equal(assigned.json().task.assignee_name, 'member user');
      // A second person saving from the version they read earlier is refused with the current task.
      const stale = await patchTask(promoter2, eventId, task.id, { version: task.version, status: 'done' });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'CONFLICT');
      assert.equal(stale.json().error.details.current.status, 'in_progress');
      assert.equal(stale.json().error.details.current.version, task.version + 1);
      const na = await patchTask(promoter2, eventId, task.id, {
        version: task.version + 1,
        status: 'not_applicable',
        reason: 'No new-media account for this audience',
      });
      assert.equal(na.json().task.status, 'not_applicable');
      assert.equal(na.json().task.status_reason, 'No new-media account for this audience');
      const unknown = await patchTask(promoter, eventId, task.id, { version: 3, colour: 'red' });
      assert.equal(unknown.statusCode, 400);
    });

    it('lets sales work the conversion group’s tasks, and API tokens act for their creator within their scopes', async () => {
      const tasks = (await room(owner, eventId)).tasks;
      const form = byKey(tasks, 't8.conversion.form');
      const mine = await patchTask(sales, eventId, form.id, {
        version: form.version,
        assignee_id: sales.userId,
        status: 'in_progress',
      });
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.json().task.assignee_id, sales.userId);
      const tokenFor = async (scopes: string[]) => {
        const res = await admin.request({
          method: 'POST',
          url: '/api/v1/api-tokens',
          payload: { name: scopes.join(' '), scopes },
        });
        assert.equal(res.statusCode, 200, res.body);
        return { authorization: `Bearer ${res.json().token}` };
      };
      const offer = byKey(tasks, 't8.conversion.offer');
      const url = `/api/v1/events/${eventId}/sop/tasks/${offer.id}`;
      const readOnly = await tokenFor(['sop:read']);
      assert.equal((await h.app.inject({ url, headers: readOnly })).statusCode, 200);
      const refused = await h.app.inject({
        method: 'PATCH',
        url,
        headers: readOnly,
        payload: { version: offer.version, status: 'done' },
      });
      assert.equal(refused.statusCode, 403);
      const worker = await tokenFor(['sop:read', 'sop:work']);
      const done = await h.app.inject({
        method: 'PATCH',
        url,
        headers: worker,
        payload: { version: offer.version, status: 'done' },
      });
      assert.equal(done.statusCode, 200);
      assert.equal(
        done.json().task.completed_by,
        admin.userId,
        'the token acts for the admin who created it',
      );
    });

    it('keeps comments and link attachments on a task', async () => {
      const task = byKey((await room(owner, eventId)).tasks, 't8.promotion.highlights');
      const base = `/api/v1/events/${eventId}/sop/tasks/${task.id}`;
      const c = await promoter.request({
        method: 'POST',
        url: `${base}/comments`,
        payload: { body: 'Draft in the shared drive' },
      });
      assert.equal(c.statusCode, 200);
      assert.equal(c.json().comment.author_name, 'member user');
      assert.equal(
        (await promoter.request({ method: 'POST', url: `${base}/comments`, payload: { body: '  ' } }))
          .statusCode,
        400,
      );
      const link = await promoter.request({
        method: 'POST',
        url: `${base}/attachments`,
        payload: { label: 'Highlights', url: 'https://docs.example.com/highlights' },
      });
      assert.equal(link.statusCode, 200);
      const badLink = await promoter.request({
        method: 'POST',
        url: `${base}/attachments`,
        payload: { label: 'x', url: 'javascript:alert(1)' },
      });
      assert.equal(badLink.statusCode, 400);
      const { payload, headers } = multipartFile(PNG_1X1, 'banner.png');
      const file = await promoter.request({
        method: 'PUT',
        url: `${base}/attachments/file`,
        payload,
        headers,
      });
      assert.equal(file.statusCode, 200);
      assert.match(file.json().attachment.href, /^\/files\//);
      const detail = (await sales.request({ url: base })).json();
      assert.equal(detail.comments.length, 1);
      assert.deepEqual(detail.attachments.map((a: { kind: string }) => a.kind).sort(), ['file', 'link']);
    });

    it('moves every open task when the event moves; closed tasks keep their dates', async () => {
      const before = (await room(owner, eventId)).tasks;
      const done = byKey(before, 't8.promotion.review');
      await patchTask(promoter, eventId, done.id, { version: done.version, status: 'done' });
      const moved = await admin.request({
        method: 'PATCH',
        url: `/api/v1/events/${eventId}`,
        payload: { starts_at: '2030-12-17T14:00', ends_at: '2030-12-17T15:30' },
      });
      assert.equal(moved.statusCode, 200);
      const after = (await room(owner, eventId)).tasks;
      assert.equal(byKey(after, 't8.promotion.review').due_at, '2030-12-01T16:00:00.000Z');
      assert.equal(byKey(after, 't8.promotion.walkthrough').due_at, '2030-12-08T16:00:00.000Z');
      assert.equal(
        byKey(after, 't8.promotion.articles').due_at,
        done.due_at,
        'not-applicable tasks stay too',
      );
      assert.equal(byKey(after, 'reminders.day_before').due_at, '2030-12-16T02:00:00.000Z');
    });

    it('completes tasks from evidence LeadCast can see, and leaves a reopened one to people', async () => {
      const { payload, headers } = multipartFile(PNG_1X1);
      assert.equal(
        (await admin.request({ method: 'PUT', url: `/api/v1/events/${eventId}/cover`, payload, headers }))
          .statusCode,
        200,
      );
      await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/speakers`,
        payload: { name: 'Grace' },
      });
      await publish(admin, eventId);
      const tasks = (await room(owner, eventId)).tasks;
      const posters = byKey(tasks, 't8.promotion.posters');
      assert.equal(posters.status, 'done');
      assert.equal(posters.evidence?.note, 'Cover image uploaded');
      assert.equal(byKey(tasks, 'plan.guests').evidence?.note, '1 speaker added');
      assert.equal(byKey(tasks, 'launch.publish').status, 'done');
      assert.equal(byKey(tasks, 'replay.ready').status, 'open', 'no replay yet');
      assert.equal(byKey(tasks, 'rehearsal.run').status, 'open', 'no stream received yet');
      assert.equal(
        byKey(tasks, 't8.conversion.links').status,
        'open',
        'channels do not exist yet: people tick it',
      );
      const reopened = await patchTask(promoter, eventId, posters.id, {
        version: posters.version,
        status: 'open',
      });
      assert.equal(reopened.json().task.status, 'open');
      assert.equal(byKey((await room(owner, eventId)).tasks, 't8.promotion.posters').status, 'open');
    });

    it('shows readiness by phase and group and the tasks at risk', async () => {
      h.clock.advance(15 * 86_400_000); // 5 December 12:00 in Shanghai: T-12 of the moved event
      const r = await room(owner, eventId);
      const risky = new Map(r.readiness.at_risk.map((x) => [x.task_id, x.reason]));
      const tasks = r.tasks;
      assert.equal(risky.get(byKey(tasks, 'content.outline').id), 'overdue');
      assert.equal(risky.get(byKey(tasks, 't8.promotion.walkthrough').id), undefined, 'due in 3+ days');
      assert.ok(r.readiness.groups.some((g) => g.key === 'promotion' && g.closed >= 3));
      assert.equal(r.readiness.ready_to_go_live, false);
      h.clock.advance(-15 * 86_400_000);
    });

    it('asks who takes over open tasks before removing a member, then reassigns them', async () => {
      const task = byKey((await room(owner, eventId)).tasks, 't8.promotion.walkthrough');
      await patchTask(owner, eventId, task.id, { version: task.version, assignee_id: promoter2.userId });
      const url = `/api/v1/events/${eventId}/sop/team/promotion/${promoter2.userId}`;
      const refused = await owner.request({ method: 'DELETE', url });
      assert.equal(refused.statusCode, 409);
      assert.deepEqual(
        refused.json().error.details.tasks.map((t: { id: string }) => t.id),
        [task.id],
      );
      assert.equal(
        (await owner.request({ method: 'DELETE', url: `${url}?reassign_to=${outsider.userId}` })).statusCode,
        400,
      );
      const ok = await owner.request({ method: 'DELETE', url: `${url}?reassign_to=${promoter.userId}` });
      assert.equal(ok.statusCode, 200);
      assert.equal(
        byKey((await room(owner, eventId)).tasks, 't8.promotion.walkthrough').assignee_id,
        promoter.userId,
      );
    });

    it('lists my tasks across events, soonest first', async () => {
      const res = await promoter.request({ url: '/api/v1/sop/my-tasks' });
      assert.equal(res.statusCode, 200);
      const { tasks, daily_digest } = res.json();
      assert.equal(daily_digest, true);
      assert.ok(tasks.length >= 1);
      assert.ok(
        tasks.every(
          (t: { assignee_id: string; event_title: string }) =>
            t.assignee_id === promoter.userId && t.event_title,
        ),
      );
    });

    it('answers unauthenticated and read-only callers properly', async () => {
      assert.equal((await h.app.inject(`/api/v1/events/${eventId}/sop`)).statusCode, 401);
      assert.equal(
        (
          await sales.request({
            method: 'POST',
            url: `/api/v1/events/${eventId}/sop/apply`,
            payload: { template_id: 'playbook', reapply: true },
          })
        ).statusCode,
        403,
      );
      assert.equal((await owner.request({ url: '/api/v1/events/nope/sop' })).statusCode, 404);
      const doc = (await h.app.inject('/api/openapi.json')).json();
      assert.ok(
        doc.paths['/api/v1/events/{id}/sop/tasks/{taskId}'].patch.responses['200'].content['application/json']
          .schema.properties.task,
      );
    });
  });
}
