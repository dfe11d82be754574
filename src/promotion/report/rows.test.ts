import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChannelMeta, reportRow, totalsRow, zeroCounts } from './rows.js';

const meta = (over: Partial<ChannelMeta> = {}): ChannelMeta => ({
  id: 'c1',
  code: 'k7m2q9x',
  name: 'Newsletter',
  kind: 'newsletter',
  status: 'active',
  costMinor: 120_000,
  currency: 'CNY',
  ...over,
});

describe('channel report rows', () => {
  it('computes rates and costs per registration, attendee and MQL', () => {
    const row = reportRow(meta(), {
      ...zeroCounts(),
      views: 400,
      uniqueVisitors: 300,
      registrations: 40,
      attendees: 16,
      attendeesLive: 12,
      attendeesReplay: 6,
      mqls: 3,
    });
    assert.equal(row.registrationRate, 0.1);
    assert.equal(row.attendanceRate, 0.4);
    assert.equal(row.cost, 1200);
    assert.equal(row.costPerRegistration, 30);
    assert.equal(row.costPerAttendee, 75);
    assert.equal(row.costPerMql, 400);
  });

  it('says null, not 0, when there is nothing to divide by or no cost', () => {
    const empty = reportRow(meta(), zeroCounts());
    assert.equal(empty.registrationRate, null);
    assert.equal(empty.costPerRegistration, null);
    const free = reportRow(meta({ costMinor: null, currency: null }), { ...zeroCounts(), registrations: 5 });
    assert.equal(free.cost, null);
    assert.equal(free.costPerRegistration, null);
  });

  it('rounds costs to the cent', () => {
    const row = reportRow(meta({ costMinor: 10_000 }), { ...zeroCounts(), registrations: 3 });
    assert.equal(row.costPerRegistration, 33.33);
  });

  it('adds up counts, and costs only in one currency', () => {
    const a = reportRow(meta(), { ...zeroCounts(), views: 10, registrations: 2 });
    const b = reportRow(meta({ id: 'c2', costMinor: 30_000 }), {
      ...zeroCounts(),
      views: 5,
      registrations: 3,
    });
    const direct = reportRow(meta({ id: null, costMinor: null, currency: null }), {
      ...zeroCounts(),
      views: 7,
    });
    const same = totalsRow([a, b, direct]);
    assert.equal(same.views, 22);
    assert.equal(same.registrations, 5);
    assert.equal(same.cost, 1500);
    assert.equal(same.currency, 'CNY');
    assert.equal(same.costPerRegistration, 300);
    const mixed = totalsRow([a, reportRow(meta({ currency: 'USD' }), zeroCounts())]);
    assert.equal(mixed.cost, null);
    assert.equal(mixed.currency, null);
  });
});
