import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MediaCache } from './media-cache.js';

describe('media cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-media-cache-'));
  const write = (name: string, body: string) => {
    fs.writeFileSync(path.join(dir, name), body);
    return path.join(dir, name);
  };

  it('serves segments from memory and evicts the least recently used beyond the byte budget', async () => {
    const cache = new MediaCache(80);
    const a = write('a.ts', 'a'.repeat(10));
    const b = write('b.ts', 'b'.repeat(10));
    assert.equal((await cache.read(a)).toString(), 'a'.repeat(10));
    fs.writeFileSync(a, 'changed!!!');
    assert.equal(
      (await cache.read(a)).toString(),
      'a'.repeat(10),
      'segments are immutable: served from memory',
    );
    await cache.read(b);
    for (let i = 0; i < 7; i++) await cache.read(write(`f${i}.ts`, String(i).repeat(10)));
    assert.ok(cache.size.bytes <= 80);
    assert.equal((await cache.read(a)).toString(), 'changed!!!', 'a was evicted and read again');
  });

  it('re-reads playlists after their short time to live', async () => {
    let now = 0;
    const cache = new MediaCache(1000, 250, () => now);
    const p = write('index.m3u8', 'v1');
    assert.equal((await cache.read(p)).toString(), 'v1');
    fs.writeFileSync(p, 'v2');
    now = 100;
    assert.equal((await cache.read(p)).toString(), 'v1');
    now = 300;
    assert.equal((await cache.read(p)).toString(), 'v2');
  });

  it('reports missing files as errors, without caching them', async () => {
    const cache = new MediaCache();
    await assert.rejects(cache.read(path.join(dir, 'missing.ts')), /ENOENT/);
    const later = write('missing.ts', 'now here');
    assert.equal((await cache.read(later)).toString(), 'now here');
  });
});
