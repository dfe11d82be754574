import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sniffImageType } from './images.js';

describe('sniffImageType', () => {
  it('recognises PNG, JPEG, GIF and WebP by magic bytes', () => {
    assert.equal(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex')), 'image/png');
    assert.equal(sniffImageType(Buffer.from('ffd8ffe000104a464946', 'hex')), 'image/jpeg');
    assert.equal(sniffImageType(Buffer.from('GIF89a....', 'latin1')), 'image/gif');
    assert.equal(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1')), 'image/webp');
  });
  it('rejects everything else, including text named like an image', () => {
    assert.equal(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
    assert.equal(sniffImageType(Buffer.from('%PDF-1.7')), undefined);
    assert.equal(sniffImageType(Buffer.alloc(0)), undefined);
  });
});
