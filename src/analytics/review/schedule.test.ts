import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoWeekOf, isRunAt, nextRunAt } from './schedule.js';

describe('weekly email schedule', () => {
  const sundayShanghai = { weekday: 7, hour: 8, timezone: 'Asia/Shanghai' };

  it('finds the next send time in the zone, today when its hour has not passed', () => {
    // 2026-12-19 23:30 UTC is Sunday 07:30 in Shanghai.
    assert.equal(
      nextRunAt(new Date('2026-12-19T23:30:00Z'), sundayShanghai).toISOString(),
      '2026-12-20T00:00:00.000Z',
    );
    assert.equal(
      nextRunAt(new Date('2026-12-20T00:00:00Z'), sundayShanghai).toISOString(),
      '2026-12-20T00:00:00.000Z',
    );
    assert.equal(
      nextRunAt(new Date('2026-12-20T00:00:00.001Z'), sundayShanghai).toISOString(),
      '2026-12-27T00:00:00.000Z',
    );
  });

  it('follows daylight saving time', () => {
    const mondayBerlin = { weekday: 1, hour: 9, timezone: 'Europe/Berlin' };
    // Winter: 09:00 CET is 08:00 UTC; after 29 March 2026, 09:00 CEST is 07:00 UTC.
    assert.equal(
      nextRunAt(new Date('2026-03-24T00:00:00Z'), mondayBerlin).toISOString(),
      '2026-03-30T07:00:00.000Z',
    );
    assert.equal(
      nextRunAt(new Date('2026-03-17T00:00:00Z'), mondayBerlin).toISOString(),
      '2026-03-23T08:00:00.000Z',
    );
  });

  it('knows a run queued under an older schedule', () => {
    assert.equal(isRunAt(new Date('2026-12-20T00:00:00Z'), sundayShanghai), true);
    assert.equal(isRunAt(new Date('2026-12-21T00:00:00Z'), sundayShanghai), false);
  });

  it('names the ISO week of the local date', () => {
    assert.equal(isoWeekOf(new Date('2026-12-20T00:00:00Z'), 'Asia/Shanghai'), '2026-W51');
    // Sunday 23:30 UTC on 3 Jan 2027 is Monday 4 Jan in Shanghai: week 1 of 2027.
    assert.equal(isoWeekOf(new Date('2027-01-03T23:30:00Z'), 'UTC'), '2026-W53');
    assert.equal(isoWeekOf(new Date('2027-01-03T23:30:00Z'), 'Asia/Shanghai'), '2027-W01');
  });
});
