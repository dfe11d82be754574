import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, daysBetween, dueAt, formatOffset, localDate, tDayOf, timelineDays } from './due.js';

const iso = (d: Date) => d.toISOString();

describe('SOP due dates', () => {
  it('puts a T-8 task at the start of that local day in the event zone', () => {
    const start = new Date('2026-12-10T06:00:00Z'); // 14:00 in Shanghai
    assert.equal(iso(dueAt(start, 'Asia/Shanghai', -8, null)), '2026-12-01T16:00:00.000Z');
    assert.equal(iso(dueAt(start, 'Asia/Shanghai', -8, '18:00')), '2026-12-02T10:00:00.000Z');
    assert.equal(iso(dueAt(start, 'Asia/Shanghai', 0, null)), '2026-12-09T16:00:00.000Z');
  });

  it('counts local calendar days, not UTC days (an early-morning start in Shanghai is the previous UTC day)', () => {
    const start = new Date('2026-12-09T23:30:00Z'); // 07:30 on 10 December in Shanghai
    assert.equal(localDate(start, 'Asia/Shanghai'), '2026-12-10');
    assert.equal(iso(dueAt(start, 'Asia/Shanghai', 1, '09:00')), '2026-12-11T01:00:00.000Z');
  });

  it('keeps local midnight across the March DST change in New York (T-21 in EST, T+0 in EDT)', () => {
    const start = new Date('2026-03-20T14:00:00Z'); // 10:00 EDT, DST began 8 March
    assert.equal(iso(dueAt(start, 'America/New_York', -21, null)), '2026-02-27T05:00:00.000Z');
    assert.equal(iso(dueAt(start, 'America/New_York', -8, null)), '2026-03-12T04:00:00.000Z');
    assert.equal(iso(dueAt(start, 'America/New_York', -12, null)), '2026-03-08T05:00:00.000Z');
    // 02:30 does not exist on 8 March 2026: it resolves to the instant after the gap (03:30 EDT).
    assert.equal(iso(dueAt(start, 'America/New_York', -12, '02:30')), '2026-03-08T07:30:00.000Z');
  });

  it('keeps local times across the November DST change in New York', () => {
    const start = new Date('2026-11-05T15:00:00Z'); // 10:00 EST, DST ended 1 November
    assert.equal(iso(dueAt(start, 'America/New_York', -7, '09:00')), '2026-10-29T13:00:00.000Z');
    assert.equal(iso(dueAt(start, 'America/New_York', 0, '09:00')), '2026-11-05T14:00:00.000Z');
    // 01:30 happens twice on 1 November: the earlier (EDT) one is taken.
    assert.equal(iso(dueAt(start, 'America/New_York', -4, '01:30')), '2026-11-01T05:30:00.000Z');
  });

  it('follows Europe/Berlin across the end of March', () => {
    const start = new Date('2026-04-02T08:00:00Z'); // 10:00 CEST
    assert.equal(iso(dueAt(start, 'Europe/Berlin', -8, null)), '2026-03-24T23:00:00.000Z');
    assert.equal(iso(dueAt(start, 'Europe/Berlin', -21, null)), '2026-03-11T23:00:00.000Z');
  });

  it('moves with an event moved across a DST change: the same T-day, the same local time', () => {
    const before = new Date('2026-03-05T15:00:00Z'); // 10:00 EST
    const after = new Date('2026-03-19T14:00:00Z'); // 10:00 EDT, two weeks later
    const t1 = dueAt(before, 'America/New_York', 1, '17:00');
    const t2 = dueAt(after, 'America/New_York', 1, '17:00');
    assert.equal(iso(t1), '2026-03-06T22:00:00.000Z');
    assert.equal(iso(t2), '2026-03-20T21:00:00.000Z');
    assert.equal(t2.getTime() - t1.getTime(), 14 * 86_400_000 - 3_600_000);
  });

  it('reads which T-day an instant is on, in the event zone', () => {
    const start = new Date('2026-12-10T06:00:00Z');
    assert.equal(tDayOf(new Date('2026-12-02T01:00:00Z'), start, 'Asia/Shanghai'), -8);
    assert.equal(tDayOf(new Date('2026-12-01T15:59:00Z'), start, 'Asia/Shanghai'), -9);
    assert.equal(tDayOf(start, start, 'Asia/Shanghai'), 0);
  });

  it('does calendar arithmetic across months, leap days and years', () => {
    assert.equal(addDays('2028-03-01', -1), '2028-02-29');
    assert.equal(addDays('2026-12-25', 10), '2027-01-04');
    assert.equal(daysBetween('2026-12-25', '2027-01-04'), 10);
    assert.equal(formatOffset(-8), 'T-8');
    assert.equal(formatOffset(0), 'T+0');
    assert.equal(formatOffset(2), 'T+2');
  });

  it('lists the timeline days T-21 … T+7', () => {
    const days = timelineDays(new Date('2026-12-10T06:00:00Z'), 'Asia/Shanghai');
    assert.equal(days.length, 29);
    assert.deepEqual(days[0], { offset: -21, date: '2026-11-19', label: 'T-21' });
    assert.deepEqual(days.at(-1), { offset: 7, date: '2026-12-17', label: 'T+7' });
  });
});
