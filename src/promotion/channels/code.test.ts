import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODE_ALPHABET, CODE_LENGTH, isChannelCode, newChannelCode } from './code.js';

describe('channel codes', () => {
  it('are short, from the alphabet, and recognised', () => {
    for (let i = 0; i < 200; i++) {
      const code = newChannelCode();
      assert.equal(code.length, CODE_LENGTH);
      assert.ok(
        [...code].every((c) => CODE_ALPHABET.includes(c)),
        code,
      );
      assert.ok(isChannelCode(code));
    }
  });

  it('are not sequential: 10,000 draws give 10,000 codes spread over every position', () => {
    const codes = new Set(Array.from({ length: 10_000 }, newChannelCode));
    assert.equal(codes.size, 10_000);
    const sorted = [...codes].sort();
    // Consecutive draws share no common prefix pattern: every first character occurs.
    assert.equal(new Set(sorted.map((c) => c[0])).size, CODE_ALPHABET.length);
  });

  it('refuses what is not a code', () => {
    for (const bad of ['', 'abc', 'ABCDEFG', 'abcdef0', 'abcdefgh', '../e/x', 'abc def', 42, undefined])
      assert.equal(isChannelCode(bad), false, String(bad));
  });
});
