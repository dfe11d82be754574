import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { influence } from './lead-history.js';

const watch = '2026-12-10T06:00:00.000Z';

describe('influence: what a contact’s stage history gives an event they watched', () => {
  it('counts qualification whenever it happened, but only opportunities created after the watch', () => {
    const out = influence(
      [
        { to: 'accepted', at: '2026-11-01T00:00:00.000Z', amount: 0 },
        { to: 'opportunity', at: '2026-11-02T00:00:00.000Z', amount: 5 },
        { to: 'opportunity', at: '2026-12-11T00:00:00.000Z', amount: 7 },
        { to: 'won', at: '2026-12-12T00:00:00.000Z', amount: 6 },
      ],
      watch,
    );
    assert.equal(out.qualifiedAt, '2026-11-01T00:00:00.000Z');
    assert.deepEqual(
      out.opportunities.map((o) => o.amount),
      [7],
    );
    assert.deepEqual(
      out.wins.map((w) => w.amount),
      [6],
    );
  });

  it('gives no win to an event watched after the opportunity, and nothing to an unqualified contact', () => {
    const late = influence(
      [
        { to: 'mql', at: '2026-11-01T00:00:00.000Z', amount: 0 },
        { to: 'opportunity', at: '2026-11-02T00:00:00.000Z', amount: 5 },
        { to: 'won', at: '2026-12-20T00:00:00.000Z', amount: 5 },
      ],
      watch,
    );
    assert.deepEqual([late.opportunities, late.wins], [[], []]);
    assert.deepEqual(influence([], watch), { qualifiedAt: null, opportunities: [], wins: [] });
  });
});
