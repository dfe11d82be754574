import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucket } from './rate-limit.js';

describe('token bucket', () => {
  it('allows a burst, then refills at the rate', () => {
    const bucket = new TokenBucket(3, 1, 0);
    assert.deepEqual(
      [bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)],
      [true, true, true, false],
    );
    assert.equal(bucket.take(500), false);
    assert.equal(bucket.take(1000), true);
    assert.equal(bucket.take(1000), false);
  });

  it('never stores more than its capacity', () => {
    const bucket = new TokenBucket(2, 10, 0);
    bucket.take(0);
    assert.equal([bucket.take(60_000), bucket.take(60_000), bucket.take(60_000)].filter(Boolean).length, 2);
  });
});
