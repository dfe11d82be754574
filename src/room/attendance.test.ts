import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { creditedSeconds, deviceOf, HEARTBEAT_SECONDS, minuteOf, watchModeOf } from './attendance.js';

describe('attendance maths', () => {
  it('tells phones from desktops', () => {
    assert.equal(deviceOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148'), 'phone');
    assert.equal(deviceOf('Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0'), 'phone');
    assert.equal(deviceOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126'), 'desktop');
    assert.equal(deviceOf(undefined), 'desktop');
  });

  it('credits watch time between heartbeats, capped, and only while playing', () => {
    assert.equal(creditedSeconds(0, 15_000, true), 15);
    assert.equal(creditedSeconds(0, 15_000, false), 0);
    assert.equal(creditedSeconds(0, 3_600_000, true), 2 * HEARTBEAT_SECONDS);
    assert.equal(creditedSeconds(10_000, 5_000, true), 0);
  });

  it('buckets by minute and splits live from replay by event status', () => {
    assert.equal(minuteOf(new Date('2026-03-01T10:07:59.999Z')), '2026-03-01T10:07:00.000Z');
    assert.equal(watchModeOf('live'), 'live');
    assert.equal(watchModeOf('on_demand'), 'replay');
    assert.equal(watchModeOf('ended'), 'replay');
  });
});
