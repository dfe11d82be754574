import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId, newSecretToken } from './ids.js';

describe('ids and tokens', () => {
  it('never repeats, across many refills of the random pool', () => {
    const ids = new Set(Array.from({ length: 50_000 }, () => newId()));
    const tokens = new Set(Array.from({ length: 50_000 }, () => newSecretToken()));
    assert.equal(ids.size, 50_000);
    assert.equal(tokens.size, 50_000);
  });

  it('sorts ids by creation time', () => {
    const earlier = newId(Date.parse('2026-01-01T00:00:00Z'));
    const later = newId(Date.parse('2026-01-01T00:00:00.001Z'));
    assert.ok(earlier < later);
    assert.match(earlier, /^[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('sorts as text in creation order across every millisecond, not just some', () => {
    // base64url ids failed this: its alphabet (A–Z, a–z, 0–9, -, _) is not in byte order.
    const start = Date.parse('2026-12-01T07:00:00Z');
    const ids = Array.from({ length: 5000 }, (_, i) => newId(start + i));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`);
    const spread = [0, 1, 2 ** 31, 2 ** 40, 2 ** 47, 2 ** 48 - 1].map((ms) => newId(ms));
    assert.deepEqual([...spread].sort(), spread);
    assert.deepEqual(
      [...spread].sort((a, b) => a.localeCompare(b, 'en')),
      spread,
      'linguistic collations agree',
    );
  });

  it('makes 256-bit URL-safe tokens by default, and longer ones on request', () => {
    assert.equal(Buffer.from(newSecretToken(), 'base64url').length, 32);
    assert.equal(Buffer.from(newSecretToken(9000), 'base64url').length, 9000);
  });

  it('spreads token bits evenly (no zeroed or reused pool bytes)', () => {
    const bytes = Buffer.concat(
      Array.from({ length: 2000 }, () => Buffer.from(newSecretToken(), 'base64url')),
    );
    let ones = 0;
    for (const b of bytes) for (let bit = 0; bit < 8; bit++) ones += (b >> bit) & 1;
    const share = ones / (bytes.length * 8);
    assert.ok(share > 0.49 && share < 0.51, `share of one bits: ${share}`);
  });
});
