import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DISABLE_AFTER_FAILURES, MAX_ATTEMPTS, retryDelayMs, shouldDisable } from './schedule.js';

describe('retryDelayMs', () => {
  it('backs off exponentially with ±20 % jitter and stops after the last attempt', () => {
    assert.equal(retryDelayMs(1, 0.5), 5_000);
    assert.equal(retryDelayMs(1, 0), 4_000);
    assert.equal(retryDelayMs(1, 0.999_999), 6_000);
    assert.equal(retryDelayMs(2, 0.5), 300_000);
    assert.equal(retryDelayMs(7, 0.5), 36_000_000);
    assert.equal(retryDelayMs(MAX_ATTEMPTS, 0.5), null);
    assert.equal(MAX_ATTEMPTS, 8);
  });
});

describe('shouldDisable', () => {
  const now = new Date('2026-12-02T12:00:00.000Z');
  it('needs both enough consecutive failures and 24 hours of failing', () => {
    assert.equal(shouldDisable(DISABLE_AFTER_FAILURES, '2026-12-01T12:00:00.000Z', now), true);
    assert.equal(shouldDisable(DISABLE_AFTER_FAILURES, '2026-12-01T12:00:00.001Z', now), false);
    assert.equal(shouldDisable(DISABLE_AFTER_FAILURES - 1, '2026-11-01T00:00:00.000Z', now), false);
    assert.equal(shouldDisable(50, null, now), false);
  });
});
