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
import { patchTask, room } from './support.js';

type TemplateJson = {
  id: string;
  version: number;
  builtin: boolean;
  stages: {
    id: string;
    title: string;
    tasks: { id: string; title: string; offset_days: number; position: number }[];
  }[];
};

for (const dialect of dialects) {
  describe(`SOP templates: copy, edit, re-apply, save as template (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let sales: StaffClient;
    let copy: TemplateJson;
    let eventId: string;
    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales');
      eventId = (await createEvent(admin, { slug: 'tpl-event' })).id;
    });
    after(() => h.close());

    const template = async (id: string) =>
      (await admin.request({ url: `/api/v1/sop/templates/${id}` })).json().template as TemplateJson;

    it('lists the built-in playbook template in both languages; it is read-only', async () => {
      const en = (await sales.request({ url: '/api/v1/sop/templates' })).json().templates;
      assert.equal(en[0].id, 'playbook');
      assert.equal(en[0].task_count, 38);
      const zh = (await sales.request({ url: '/api/v1/sop/templates/playbook?locale=zh-CN' })).json()
        .template;
      assert.equal(zh.stages.length, 12);
      assert.equal(zh.stages[2].title, '物料就绪（T-8 清单）');
      const edit = await admin.request({
        method: 'PATCH',
        url: '/api/v1/sop/templates/playbook',
        payload: { name: 'Mine' },
      });
      assert.equal(edit.statusCode, 409);
      assert.equal(
        (
          await sales.request({
            method: 'POST',
            url: '/api/v1/sop/templates',
            payload: { from_id: 'playbook', name: 'x' },
          })
        ).statusCode,
        403,
      );
    });

    it('copies a template and edits its tasks: add, move, change offset and group, delete', async () => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/v1/sop/templates',
        payload: { from_id: 'playbook', name: 'Summit SOP', locale: 'en' },
      });
      assert.equal(res.statusCode, 200);
      copy = res.json().template;
      assert.equal(copy.builtin, false);
      const stage = copy.stages[2]!;
      const added = await admin.request({
        method: 'POST',
        url: `/api/v1/sop/templates/${copy.id}/tasks`,
        payload: {
          stage_id: stage.id,
          position: 0,
          title: 'Book the venue',
          responsible: 'production',
          offset_days: -30,
          due_time: '18:00',
        },
      });
      assert.equal(added.statusCode, 200);
      const after = added.json().template as TemplateJson;
      assert.equal(after.stages[2]!.tasks[0]!.title, 'Book the venue');
      assert.deepEqual(
        after.stages[2]!.tasks.map((t) => t.position),
        [...after.stages[2]!.tasks.keys()],
      );
      assert.equal(after.version, copy.version + 1);
      const venue = after.stages[2]!.tasks[0]!;
      const moved = await admin.request({
        method: 'PATCH',
        url: `/api/v1/sop/templates/${copy.id}/tasks/${venue.id}`,
        payload: {
          stage_id: after.stages[0]!.id,
          position: 1,
          offset_days: -25,
          responsible: 'owner',
          deliverable: 'Venue contract',
        },
      });
      assert.equal(moved.statusCode, 200);
      const t2 = moved.json().template as TemplateJson;
      assert.equal(t2.stages[0]!.tasks[1]!.id, venue.id);
      assert.equal(t2.stages[0]!.tasks[1]!.offset_days, -25);
      assert.deepEqual(
        t2.stages[2]!.tasks.map((t) => t.position),
        [...t2.stages[2]!.tasks.keys()],
      );
      assert.deepEqual(
        t2.stages[0]!.tasks.map((t) => t.position),
        [...t2.stages[0]!.tasks.keys()],
      );
      const last = t2.stages[11]!.tasks[0]!;
      const removed = await admin.request({
        method: 'DELETE',
        url: `/api/v1/sop/templates/${copy.id}/tasks/${last.id}`,
      });
      assert.equal(removed.json().template.stages[11].tasks.length, 0);
      copy = removed.json().template;
    });

    it('refuses offsets outside T-120 … T+60, empty titles, unknown groups and times, changing nothing', async () => {
      const stage = copy.stages[0]!;
      const bad = await admin.request({
        method: 'POST',
        url: `/api/v1/sop/templates/${copy.id}/tasks`,
        payload: {
          stage_id: stage.id,
          title: '  ',
          responsible: 'catering',
          offset_days: -121,
          due_time: '25:00',
        },
      });
      assert.equal(bad.statusCode, 400);
      const fields = bad.json().error.details.fields;
      assert.deepEqual(Object.keys(fields).sort(), ['due_time', 'offset_days', 'responsible', 'title']);
      assert.match(fields.offset_days, /T-120 … T\+60/);
      const late = await admin.request({
        method: 'PATCH',
        url: `/api/v1/sop/templates/${copy.id}/tasks/${stage.tasks[0]!.id}`,
        payload: { offset_days: 61 },
      });
      assert.equal(late.statusCode, 400);
      assert.equal((await template(copy.id)).version, copy.version);
    });

    it('leaves planned events alone when the template changes, until re-applied after a preview', async () => {
      await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/sop/apply`,
        payload: { template_id: copy.id },
      });
      const planned = (await room(admin, eventId)).tasks;
      assert.equal(planned.length, 38);
      const task0 = copy.stages[0]!.tasks[0]!;
      const closedOne = planned.find((t) => t.template_task_id === copy.stages[0]!.tasks[2]!.id)!;
      await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${eventId}/sop/team/owner`,
        payload: { user_id: admin.userId },
      });
      await patchTask(admin, eventId, closedOne.id, { version: closedOne.version + 1, status: 'done' });
      await admin.request({
        method: 'PATCH',
        url: `/api/v1/sop/templates/${copy.id}/tasks/${task0.id}`,
        payload: { title: 'Lock the plan with the board', offset_days: -28 },
      });
      await admin.request({
        method: 'PATCH',
        url: `/api/v1/sop/templates/${copy.id}/tasks/${closedOne.template_task_id}`,
        payload: { title: 'Changed but already done' },
      });
      const stillOld = (await room(admin, eventId)).tasks.find((t) => t.template_task_id === task0.id)!;
      assert.notEqual(stillOld.title, 'Lock the plan with the board');
      const preview = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/sop/preview`,
        payload: { template_id: copy.id },
      });
      const changes = preview.json().changes;
      assert.deepEqual(
        changes.changed.map((c: { task_id: string }) => c.task_id),
        [stillOld.id],
      );
      assert.deepEqual(changes.changed[0].fields.sort(), ['offset_days', 'title']);
      assert.equal(changes.added.length, 0);
      assert.equal(changes.kept_closed, 1);
      const applied = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/sop/apply`,
        payload: { template_id: copy.id, reapply: true },
      });
      assert.equal(applied.statusCode, 200);
      const tasks = (await room(admin, eventId)).tasks;
      const updated = tasks.find((t) => t.template_task_id === task0.id)!;
      assert.equal(updated.title, 'Lock the plan with the board');
      assert.equal(updated.offset_days, -28);
      assert.equal(updated.due_at, '2030-11-11T16:00:00.000Z');
      assert.notEqual(tasks.find((t) => t.id === closedOne.id)!.title, 'Changed but already done');
    });

    it('saves an event’s plan as a new template', async () => {
      const res = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/sop/save-as-template`,
        payload: { name: 'After the December summit' },
      });
      assert.equal(res.statusCode, 200);
      const saved = res.json().template as TemplateJson & { source_event_id: string };
      assert.equal(saved.source_event_id, eventId);
      assert.equal(
        saved.stages.reduce((n, s) => n + s.tasks.length, 0),
        38,
      );
      assert.equal(saved.stages[0]!.tasks[0]!.title, 'Lock the plan with the board');
      const list = (await admin.request({ url: '/api/v1/sop/templates' })).json().templates;
      assert.equal(list.length, 3);
      assert.equal(
        (await admin.request({ method: 'DELETE', url: `/api/v1/sop/templates/${saved.id}` })).statusCode,
        200,
      );
      assert.equal((await admin.request({ url: `/api/v1/sop/templates/${saved.id}` })).statusCode, 404);
    });
  });
}
