import assert from 'node:assert/strict';
import { it } from 'node:test';
import { followUpDeadline } from './deadline.js';

const office = { start: '09:00', end: '18:00' };
const iso = (d: Date) => d.toISOString();

it('is 48 hours after the end without working hours', () => {
  assert.equal(
    iso(followUpDeadline(new Date('2026-12-04T10:00:00Z'), 48, null, 'Asia/Shanghai')),
    '2026-12-06T10:00:00.000Z',
  );
});

it('counts office hours in the owner zone and skips the weekend', () => {
  // Friday 2026-12-04 16:00 in Shanghai (08:00Z): 2 h on Friday, 9 h Monday … 48 h = 2 + 9·5 + 1 → next Monday 10:00.
  const due = followUpDeadline(new Date('2026-12-04T08:00:00Z'), 48, office, 'Asia/Shanghai');
  assert.equal(iso(due), '2026-12-14T02:00:00.000Z'); // Monday 10:00 in Shanghai
});

it('starts at the next opening when the event ends after hours', () => {
  // Tuesday 21:00 in New York → 9 h on Wednesday → Wednesday 18:00 local.
  const due = followUpDeadline(new Date('2026-12-09T02:00:00Z'), 9, office, 'America/New_York');
  assert.equal(iso(due), '2026-12-09T23:00:00.000Z');
});

it('follows the wall clock across a daylight-saving change', () => {
  // Berlin moves to summer time on Sunday 2026-03-29. Friday 17:00 CET + 2 office hours → Monday 10:00 CEST.
  const due = followUpDeadline(new Date('2026-03-27T16:00:00Z'), 2, office, 'Europe/Berlin');
  assert.equal(iso(due), '2026-03-30T08:00:00.000Z');
  // Without working hours 48 real hours pass, whatever the wall clock does.
  assert.equal(
    iso(followUpDeadline(new Date('2026-03-28T12:00:00Z'), 48, null, 'Europe/Berlin')),
    '2026-03-30T12:00:00.000Z',
  );
});
