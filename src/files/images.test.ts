import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageSize, sniffImageType } from './images.js';

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

describe('imageSize', () => {
  // 6×4 images written by ffmpeg.
  const b64 = (s: string) => Buffer.from(s, 'base64');
  it('reads width and height from PNG, JPEG, GIF and WebP headers', () => {
    assert.deepEqual(
      imageSize(
        b64(
          'iVBORw0KGgoAAAANSUhEUgAAAAYAAAAECAIAAAAiZtkUAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAEklEQVR4nGP4y8CAhtD5RAsBAJ2BF7nKI3aWAAAAAElFTkSuQmCC',
        ),
      ),
      { width: 6, height: 4 },
    );
    assert.deepEqual(
      imageSize(
        b64(
          '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAkJCQgICAgJCQoKCgwMCwsODg4RERT/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAABgcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAEAAYDASIAAhEAAxEA/9oADAMBAAIRAxEAPwCLAFF/f//Z',
        ),
      ),
      { width: 6, height: 4 },
    );
    assert.deepEqual(
      imageSize(
        b64('UklGRjwAAABXRUJQVlA4IDAAAADQAQCdASoGAAQAAgA0JaACdLoB+AADsAD+8Oj3/yC5YXXI1/8gP+QH/ID/+PIAAAA='),
      ),
      { width: 6, height: 4 },
    );
    assert.deepEqual(imageSize(Buffer.from('GIF89a\x06\x00\x04\x00', 'latin1')), { width: 6, height: 4 });
  });
  it('is undefined for a truncated or unknown header', () => {
    assert.equal(imageSize(Buffer.from('89504e470d0a1a0a0000', 'hex')), undefined);
    assert.equal(imageSize(Buffer.from('%PDF-1.7')), undefined);
  });
});
