import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidTimeZone, parseEventTime, utcToZonedLocal, zonedLocalToUtc } from './time.js';

describe('event time zones', () => {
  it('converts wall-clock time in a zone to UTC and back', () => {
    assert.equal(
      zonedLocalToUtc('2026-12-10T14:00', 'Asia/Shanghai')?.toISOString(),
      '2026-12-10T06:00:00.000Z',
    );
    assert.equal(
      zonedLocalToUtc('2026-07-01T09:30', 'America/New_York')?.toISOString(),
      '2026-07-01T13:30:00.000Z',
    );
    assert.equal(
      zonedLocalToUtc('2026-01-15T09:30', 'America/New_York')?.toISOString(),
      '2026-01-15T14:30:00.000Z',
    );
    assert.equal(utcToZonedLocal(new Date('2026-12-10T06:00:00Z'), 'Asia/Shanghai'), '2026-12-10T14:00');
    assert.equal(utcToZonedLocal(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin'), '2026-03-29T03:30');
  });

  it('resolves DST gaps forward and overlaps to the earlier instant', () => {
    // Europe/Berlin skips 02:00–03:00 on 2026-03-29.
    assert.equal(
      zonedLocalToUtc('2026-03-29T02:30', 'Europe/Berlin')?.toISOString(),
      '2026-03-29T01:30:00.000Z',
    );
    // 02:30 happens twice on 2026-10-25; the first is still CEST (UTC+2).
    assert.equal(
      zonedLocalToUtc('2026-10-25T02:30', 'Europe/Berlin')?.toISOString(),
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('rejects malformed and impossible dates', () => {
    assert.equal(zonedLocalToUtc('2026-02-30T10:00', 'UTC'), undefined);
    assert.equal(zonedLocalToUtc('2026-12-10 10:00', 'UTC'), undefined);
    assert.equal(zonedLocalToUtc('2026-12-10T24:00', 'UTC'), undefined);
  });

  it('takes explicit offsets as given', () => {
    assert.equal(
      parseEventTime('2026-12-10T14:00+08:00', 'America/New_York')?.toISOString(),
      '2026-12-10T06:00:00.000Z',
    );
    assert.equal(
      parseEventTime('2026-12-10T06:00:00Z', 'Asia/Shanghai')?.toISOString(),
      '2026-12-10T06:00:00.000Z',
    );
    assert.equal(
      parseEventTime('2026-12-10T14:00', 'Asia/Shanghai')?.toISOString(),
      '2026-12-10T06:00:00.000Z',
    );
  });

  it('validates IANA zone names', () => {
    assert.ok(isValidTimeZone('Asia/Shanghai'));
    assert.ok(!isValidTimeZone('Mars/Olympus_Mons'));
    assert.ok(!isValidTimeZone(''));
  });
});
