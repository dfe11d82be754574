import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchLoader } from './batch-load.js';

describe('batchLoader', () => {
  it('answers lookups of one turn of the event loop with one load of distinct keys', async () => {
    const loads: string[][] = [];
    const get = batchLoader(async (keys: string[]) => {
      loads.push(keys);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
    });
    assert.deepEqual(await Promise.all(['a', 'b', 'a', 'missing'].map(get)), ['A', 'B', 'A', undefined]);
    assert.deepEqual(loads, [['a', 'b', 'missing']]);
    assert.equal(await get('c'), 'C', 'a later turn loads again');
    assert.equal(loads.length, 2);
  });

  it('splits a large turn into loads of at most maxKeys', async () => {
    const sizes: number[] = [];
    const get = batchLoader(async (keys: number[]) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, k * 2]));
    }, 4);
    const keys = Array.from({ length: 10 }, (_, i) => i);
    assert.deepEqual(
      await Promise.all(keys.map(get)),
      keys.map((k) => k * 2),
    );
    assert.deepEqual(sizes, [4, 4, 2]);
  });

  it('fails every lookup waiting on a load that failed, and recovers on the next turn', async () => {
    let fail = true;
    const get = batchLoader(async (keys: string[]) => {
      if (fail) throw new Error('database gone');
      return new Map(keys.map((k) => [k, k]));
    });
    const results = await Promise.allSettled([get('x'), get('y')]);
    assert.deepEqual(
      results.map((r) => r.status === 'rejected' && (r.reason as Error).message),
      ['database gone', 'database gone'],
    );
    fail = false;
    assert.equal(await get('x'), 'x');
  });
});
