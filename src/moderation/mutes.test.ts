import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMuteActive, muteDurations, muteUntil } from './mutes.js';

describe('mute durations (community rules: 1 / 7 / 15 days, permanent)', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');

  it('ends 1, 7 and 15 days later, or never', () => {
    assert.deepEqual(muteDurations, ['1d', '7d', '15d', 'permanent']);
    assert.equal(muteUntil('1d', now), '2026-03-02T10:00:00.000Z');
    assert.equal(muteUntil('7d', now), '2026-03-08T10:00:00.000Z');
    assert.equal(muteUntil('15d', now), '2026-03-16T10:00:00.000Z');
    assert.equal(muteUntil('permanent', now), null);
  });

  it('is active until its end or until lifted', () => {
    const until = muteUntil('1d', now);
    assert.equal(isMuteActive({ until, lifted_at: null }, now), true);
    assert.equal(isMuteActive({ until, lifted_at: null }, new Date('2026-03-02T10:00:00.001Z')), false);
    assert.equal(isMuteActive({ until: null, lifted_at: null }, new Date('2036-01-01')), true);
    assert.equal(isMuteActive({ until: null, lifted_at: now.toISOString() }, now), false);
  });
});
