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
    assert.match(earlier, /^[A-Za-z0-9_-]{22}$/);
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
