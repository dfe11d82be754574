import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ReadinessTask, readiness, riskOf } from './readiness.js';

const now = new Date('2026-12-01T12:00:00Z');
const start = new Date('2026-12-10T06:00:00Z');
const task = (id: string, over: Partial<ReadinessTask>): ReadinessTask => ({
  id,
  phase: 'prepare',
  responsible: 'promotion',
  status: 'open',
  due_at: '2026-12-05T00:00:00Z',
  ...over,
});

describe('SOP readiness', () => {
  it('marks overdue open or started tasks, and not-started tasks due within 48 hours', () => {
    assert.equal(riskOf(task('a', { due_at: '2026-12-01T11:59:00Z' }), now), 'overdue');
    assert.equal(
      riskOf(task('a', { due_at: '2026-12-01T11:59:00Z', status: 'in_progress' }), now),
      'overdue',
    );
    assert.equal(riskOf(task('a', { due_at: '2026-12-03T12:00:00Z' }), now), 'due_soon');
    assert.equal(riskOf(task('a', { due_at: '2026-12-03T12:00:00Z', status: 'in_progress' }), now), null);
    assert.equal(riskOf(task('a', { due_at: '2026-12-03T12:00:01Z' }), now), null);
    assert.equal(riskOf(task('a', { due_at: '2026-11-01T00:00:00Z', status: 'done' }), now), null);
    assert.equal(riskOf(task('a', { due_at: '2026-11-01T00:00:00Z', status: 'not_applicable' }), now), null);
  });

  it('counts progress by phase and group, and is ready when everything due before the start is closed', () => {
    const tasks = [
      task('a', { status: 'done' }),
      task('b', { responsible: 'speakers', status: 'not_applicable' }),
      task('c', { phase: 'wrap_up', responsible: 'conversion', due_at: '2026-12-12T00:00:00Z' }),
    ];
    const r = readiness(tasks, start, now);
    assert.deepEqual(r.phases, [
      { key: 'prepare', total: 2, closed: 2 },
      { key: 'wrap_up', total: 1, closed: 0 },
    ]);
    assert.deepEqual(
      r.groups.map((g) => g.key),
      ['speakers', 'promotion', 'conversion'],
    );
    assert.equal(r.ready_to_go_live, true);
    const open = readiness([...tasks, task('d', { due_at: '2026-12-02T00:00:00Z' })], start, now);
    assert.equal(open.ready_to_go_live, false);
    assert.equal(readiness([], start, now).ready_to_go_live, false, 'an event without a plan is not ready');
    assert.equal(open.open_before_start, 1);
    assert.deepEqual(open.at_risk, [{ task_id: 'd', reason: 'due_soon' }]);
  });
});
