import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SLUG_RE, slugify } from './slug.js';

describe('slugify', () => {
  it('keeps ASCII words joined by dashes', () => {
    assert.equal(slugify('  From 0 to 1: B2B Live Ops!  '), 'from-0-to-1-b2b-live-ops');
    assert.equal(slugify('Café Übersicht'), 'cafe-ubersicht');
  });
  it('gives titles without Latin letters a random readable slug', () => {
    assert.equal(
      slugify('企业直播运营体系', () => 'abc123'),
      'event-abc123',
    );
    assert.match(slugify('直播'), /^event-[0-9a-f]{6}$/);
  });
  it('caps length and always yields a valid slug', () => {
    const s = slugify(`${'a'.repeat(50)} ${'b'.repeat(50)}`);
    assert.ok(s.length <= 60);
    assert.match(s, SLUG_RE);
  });
});
