import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDueTime, MAX_OFFSET, MIN_OFFSET } from '../plan/due.js';
import { PHASES } from '../tables.js';
import { defaultStages, defaultTemplateInfo } from './default-template.js';

const tasks = defaultStages.flatMap((s) => s.tasks);
const texts = [
  ...Object.values(defaultTemplateInfo),
  ...defaultStages.map((s) => s.title),
  ...tasks.flatMap((t) => [t.title, t.deliverable, t.metric]),
];

describe('the default SOP template', () => {
  it('has the playbook’s four phases in order and twelve stages', () => {
    assert.equal(defaultStages.length, 12);
    const phases = defaultStages.map((s) => s.phase);
    assert.deepEqual([...new Set(phases)], [...PHASES]);
    assert.deepEqual(
      phases,
      [...phases].sort((a, b) => PHASES.indexOf(a) - PHASES.indexOf(b)),
    );
  });

  it('keeps the T-8 checklist per group, item by item (promotion 6, speakers 1, production 4, conversion 4)', () => {
    const t8 = tasks.filter((t) => t.offset_days === -8);
    const count = (g: string) => t8.filter((t) => t.responsible === g).length;
    assert.deepEqual(['promotion', 'speakers', 'production', 'conversion'].map(count), [6, 1, 4, 4]);
    assert.ok(t8.some((t) => t.title['zh-CN'].includes('48 小时内处理完活动线索')));
  });

  it('marks the milestones: T-21 plan, T-7 promotion, T+0 live, T+1 replay, T+2 leads to sales, retrospective', () => {
    const at = (key: string) => tasks.find((t) => t.key === key);
    assert.equal(at('plan.locked')?.offset_days, -21);
    assert.equal(at('launch.publish')?.offset_days, -7);
    assert.equal(at('live.on_air')?.offset_days, 0);
    assert.equal(at('replay.ready')?.offset_days, 1);
    assert.equal(at('leads.handoff')?.offset_days, 2);
    assert.equal(at('retro.meeting')?.responsible, 'owner');
  });

  it('has unique keys, offsets on the scale, valid times, and every text in both languages', () => {
    assert.equal(new Set(tasks.map((t) => t.key)).size, tasks.length);
    for (const t of tasks) {
      assert.ok(t.offset_days >= MIN_OFFSET && t.offset_days <= MAX_OFFSET, t.key);
      assert.ok(t.due_time === null || isDueTime(t.due_time), t.key);
    }
    for (const text of texts) assert.ok(text.en.trim() && text['zh-CN'].trim(), JSON.stringify(text));
  });

  it('writes Chinese with full-width punctuation next to Chinese characters', () => {
    const ascii = /[\u4e00-\u9fff][,:!?()]|[,:!?()][\u4e00-\u9fff]/;
    for (const text of texts) assert.doesNotMatch(text['zh-CN'], ascii, text['zh-CN']);
  });
});
