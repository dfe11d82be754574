import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinTemplate } from '../templates/templates.js';
import { planChanges, type TaskRow } from './plan.js';

const event = {
  id: 'e1',
  starts_at: '2030-12-10T06:00:00.000Z',
  timezone: 'Asia/Shanghai',
  language: 'en' as const,
};
const template = builtinTemplate('en');
const first = template.stages[0]!;

/** The tasks applying `template` leaves on the event, as rows. */
function planned(): TaskRow[] {
  return template.stages.flatMap((stage, stagePosition) =>
    stage.tasks.map((t) => ({
      id: `row-${t.id}`,
      event_id: event.id,
      template_task_id: t.id,
      phase: stage.phase,
      stage_title: stage.title,
      stage_position: stagePosition,
      position: t.position,
      title: t.title,
      description: t.description,
      responsible: t.responsible,
      deliverable: t.deliverable,
      metric: t.metric,
      offset_days: t.offset_days,
      due_time: t.due_time,
      due_at: '',
      evidence: t.evidence,
      evidence_note: null,
      status: 'open' as const,
      status_reason: null,
      assignee_id: null,
      completed_at: null,
      completed_by: null,
      version: 1,
      created_at: '',
      updated_at: '',
    })),
  );
}

describe('planChanges (what re-applying a template does)', () => {
  it('adds every task to an event without a plan, with due dates in the event zone', () => {
    const changes = planChanges(event, template, []);
    assert.equal(changes.added.length, 38);
    assert.equal(changes.added[0]!.due_at, '2030-11-18T16:00:00.000Z');
  });

  it('changes nothing when the event already follows the template', () => {
    assert.deepEqual(planChanges(event, template, planned()), {
      added: [],
      changed: [],
      removed: [],
      kept_closed: 0,
    });
  });

  it('lists changed and dropped open tasks, leaves closed ones and tasks added on the event alone', () => {
    const rows = planned();
    rows[0]!.title = 'Old wording';
    rows[1]!.status = 'done';
    rows[1]!.offset_days = -30;
    rows.push({ ...rows[2]!, id: 'gone', template_task_id: 'playbook:removed' });
    rows.push({ ...rows[2]!, id: 'manual', template_task_id: null });
    const changes = planChanges(event, template, rows);
    assert.deepEqual(changes.changed, [{ task_id: rows[0]!.id, title: 'Old wording', fields: ['title'] }]);
    assert.deepEqual(changes.removed, [{ task_id: 'gone', title: rows[2]!.title }]);
    assert.equal(changes.kept_closed, 1);
    assert.equal(changes.added.length, 0);
    assert.equal(first.tasks[0]!.id, rows[0]!.template_task_id);
  });
});
