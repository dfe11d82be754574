import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { perLocalDay } from './days.js';
import { funnel, ratio } from './funnel.js';

describe('funnel maths', () => {
  it('rates each step against the one before, and leaves missing steps and their neighbours null', () => {
    const steps = funnel({
      visits: { missing: 'promotion_visits' },
      registrations: 1000,
      attendees: 400,
      leads: { missing: 'lead_stages' },
      mqls: { missing: 'lead_stages' },
      opportunities: { missing: 'lead_stages' },
      won: { missing: 'lead_stages' },
    });
    assert.deepEqual(
      steps.map((s) => [s.step, s.count, s.rate, s.missing]),
      [
        ['visits', null, null, 'promotion_visits'],
        ['registrations', 1000, null, null],
        ['attendees', 400, 0.4, null],
        ['leads', null, null, 'lead_stages'],
        ['mqls', null, null, 'lead_stages'],
        ['opportunities', null, null, 'lead_stages'],
        ['won', null, null, 'lead_stages'],
      ],
    );
  });

  it('has no rate after a step of zero', () => {
    assert.equal(ratio(0, 0), null);
    assert.equal(ratio(1, 3), 0.3333);
  });
});

describe('days of the promotion', () => {
  it('buckets by the event’s local day, fills empty days and keeps a running total', () => {
    // 23:30 UTC on the 1st is the 2nd in Shanghai (UTC+8); nothing on the 3rd.
    const days = perLocalDay(
      [
        { minute: '2026-12-01T10:00:00.000Z', count: 2 },
        { minute: '2026-12-01T23:30:00.000Z', count: 3 },
        { minute: '2026-12-03T16:05:00.000Z', count: 1 },
      ],
      'Asia/Shanghai',
    );
    assert.deepEqual(days, [
      { day: '2026-12-01', count: 2, cumulative: 2 },
      { day: '2026-12-02', count: 3, cumulative: 5 },
      { day: '2026-12-03', count: 0, cumulative: 5 },
      { day: '2026-12-04', count: 1, cumulative: 6 },
    ]);
    assert.deepEqual(perLocalDay([], 'UTC'), []);
  });

  it('follows daylight saving time (New York, 2026-11-01)', () => {
    const days = perLocalDay(
      [
        { minute: '2026-11-01T03:30:00.000Z', count: 1 }, // 23:30 EDT on Oct 31
        { minute: '2026-11-02T04:30:00.000Z', count: 1 }, // 23:30 EST on Nov 1
      ],
      'America/New_York',
    );
    assert.deepEqual(
      days.map((d) => d.day),
      ['2026-10-31', '2026-11-01'],
    );
  });
});
