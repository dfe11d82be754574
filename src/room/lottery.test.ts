import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candidatesDigest, drawWinners, seededUint32 } from './lottery.js';

describe('lottery', () => {
  const people = Array.from({ length: 50 }, (_, i) => `viewer-${i}`);

  it('is reproducible from the seed and independent of input order', () => {
    const a = drawWinners(people, 5, 'seed-1');
    assert.deepEqual(drawWinners([...people].reverse(), 5, 'seed-1'), a);
    assert.notDeepEqual(drawWinners(people, 5, 'seed-2'), a);
    assert.equal(candidatesDigest(people), candidatesDigest([...people].reverse()));
  });

  it('never picks anyone twice, even with duplicate candidates, and caps at the pool size', () => {
    const winners = drawWinners([...people, ...people], 50, 'x');
    assert.equal(winners.length, 50);
    assert.equal(new Set(winners).size, 50);
    assert.equal(drawWinners(['a', 'b'], 5, 's').length, 2);
    assert.deepEqual(drawWinners([], 3, 's'), []);
  });

  it('is roughly uniform: every candidate wins about equally often', () => {
    const wins = new Map<string, number>();
    const pool = ['a', 'b', 'c', 'd'];
    for (let i = 0; i < 4000; i++) {
      const [w] = drawWinners(pool, 1, `s${i}`);
      wins.set(w as string, (wins.get(w as string) ?? 0) + 1);
    }
    for (const p of pool) assert.ok(Math.abs((wins.get(p) ?? 0) - 1000) < 150, `${p}: ${wins.get(p)}`);
  });

  it('derives its number stream from HMAC-SHA256(seed, counter)', () => {
    const a = seededUint32('k');
    const b = seededUint32('k');
    const first = Array.from({ length: 20 }, a);
    assert.deepEqual(Array.from({ length: 20 }, b), first);
    assert.equal(new Set(first).size, 20);
  });
});
