import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventStatus } from '../events/tables.js';
import { MediaStatusCache } from './media-status.js';

describe('MediaStatusCache', () => {
  it('answers from memory within the TTL, asks again after it or after forget', async () => {
    let now = 0;
    let status: EventStatus = 'live';
    let lookups = 0;
    const cache = new MediaStatusCache(
      async (path) => {
        lookups += 1;
        return path === 'known' ? status : null;
      },
      1000,
      () => now,
    );
    assert.equal(cache.peek('known'), undefined);
    assert.equal(await cache.get('known'), 'live');
    status = 'on_demand';
    now = 999;
    assert.deepEqual(cache.peek('known'), { status: 'live', at: 0 });
    assert.equal(await cache.get('known'), 'live');
    now = 1000;
    assert.equal(cache.peek('known'), undefined);
    assert.equal(await cache.get('known'), 'on_demand');
    status = 'live';
    cache.forget('known');
    assert.equal(await cache.get('known'), 'live');
    assert.equal(await cache.get('unknown'), null);
    assert.equal(lookups, 4);
  });
});
