import { createHash, createHmac } from 'node:crypto';

/**
 * A deterministic stream of 32-bit numbers from a seed: HMAC-SHA256(seed, counter).
 * Anyone holding the recorded seed and candidate list can recompute a draw.
 */
export function seededUint32(seed: string): () => number {
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 4 > block.length) {
      block = createHmac('sha256', seed).update(String(counter++)).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value;
  };
}

/** An unbiased integer in [0, bound) by rejection sampling. */
function below(next: () => number, bound: number): number {
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (;;) {
    const value = next();
    if (value < limit) return value % bound;
  }
}

/**
 * Draws up to `count` distinct winners: candidates are de-duplicated and sorted (so the
 * order they were read in does not matter), then a seeded partial Fisher–Yates shuffle
 * picks the first `count`.
 */
export function drawWinners(candidates: readonly string[], count: number, seed: string): string[] {
  const pool = [...new Set(candidates)].sort();
  const next = seededUint32(seed);
  const picks = Math.min(count, pool.length);
  for (let i = 0; i < picks; i++) {
    const j = i + below(next, pool.length - i);
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, picks);
}

/** A digest of the candidate list, recorded with the draw so a re-check can prove the same pool. */
export function candidatesDigest(candidates: readonly string[]): string {
  return createHash('sha256')
    .update([...new Set(candidates)].sort().join('\n'))
    .digest('hex');
}
