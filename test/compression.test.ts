import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { WEB_DIST } from '../src/http/assets.js';
import { createEvent, publish } from './support/fixtures.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from './support/harness.js';

/** The built file behind a manifest entry (needs `vite build`, as every page test does). */
function builtScript(source: string) {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(WEB_DIST, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, { file: string }>;
  const file = manifest[source]!.file;
  return { url: `/${file}`, bytes: fs.readFileSync(path.join(WEB_DIST, file)) };
}

function decoded(res: LightMyRequestResponse): Buffer {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.rawPayload);
  if (encoding === 'gzip') return gunzipSync(res.rawPayload);
  assert.equal(encoding, undefined);
  return res.rawPayload;
}

const varies = (res: LightMyRequestResponse) =>
  String(res.headers.vary ?? '')
    .toLowerCase()
    .split(/\s*,\s*/)
    .includes('accept-encoding');

// Both asked before the first suite starts: a busy SQLite suite could hold the PostgreSQL check past its timeout.
const skips = await Promise.all(dialects.map(skipReason));
for (const [i, dialect] of dialects.entries()) {
  describe(`compressed responses (${dialect})`, { skip: skips[i] }, () => {
    let h: Harness;
    let admin: StaffClient;

    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
    });
    after(() => h.close());

    it('serves a hashed script as its brotli or gzip file by Accept-Encoding, immutable for a year, decoding to the build', async () => {
      const script = builtScript('audience/landing.ts');
      for (const [accept, encoding] of [
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip', 'gzip'],
        ['identity', undefined],
        [undefined, undefined],
      ] as const) {
        const res = await h.app.inject({
          url: script.url,
          headers: accept === undefined ? {} : { 'accept-encoding': accept },
        });
        assert.equal(res.statusCode, 200, `${accept}`);
        assert.equal(res.headers['content-encoding'], encoding, `${accept}`);
        assert.match(String(res.headers['content-type']), /^text\/javascript|^application\/javascript/);
        assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
        assert.ok(varies(res), `Vary: ${res.headers.vary}`);
        assert.ok(decoded(res).equals(script.bytes), `${accept}: bytes differ from the build`);
        if (encoding) {
          // The file the build wrote (brotli 11), not a per-request compression.
          const sibling = path.join(WEB_DIST, `${script.url}.${encoding === 'br' ? 'br' : 'gz'}`);
          assert.ok(
            res.rawPayload.equals(fs.readFileSync(sibling)),
            `${encoding}: not the precompressed file`,
          );
          assert.ok(res.rawPayload.length < script.bytes.length / 2, `${encoding} barely smaller`);
        }
      }
    });

    it('serves the big scripts of the room and the console compressed, and styles too', async () => {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(WEB_DIST, '.vite', 'manifest.json'), 'utf8'),
      ) as Record<string, { file: string; css?: string[] }>;
      const files = [manifest['admin/index.html']!.file, ...(manifest['admin/index.html']!.css ?? [])];
      for (const file of files) {
        const res = await h.app.inject({ url: `/${file}`, headers: { 'accept-encoding': 'br' } });
        assert.equal(res.headers['content-encoding'], 'br', file);
        assert.ok(decoded(res).equals(fs.readFileSync(path.join(WEB_DIST, file))), file);
      }
    });

    it('compresses dynamic JSON above the threshold, and leaves small answers as they are', async () => {
      const plain = await h.app.inject({ url: '/api/openapi.json' });
      assert.equal(plain.headers['content-encoding'], undefined);
      for (const encoding of ['br', 'gzip']) {
        const res = await h.app.inject({
          url: '/api/openapi.json',
          headers: { 'accept-encoding': encoding },
        });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-encoding'], encoding);
        assert.ok(varies(res));
        assert.ok(res.rawPayload.length < plain.rawPayload.length / 4);
        assert.deepEqual(JSON.parse(decoded(res).toString()), plain.json());
      }
      const small = await h.app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br' } });
      assert.equal(small.headers['content-encoding'], undefined);
      assert.deepEqual(small.json(), { status: 'ok' });
    });

    it('compresses a staff list through the API, with its session', async () => {
      for (let i = 0; i < 6; i++) await createEvent(admin, { slug: `compressed-${i}` });
      const plain = await admin.request({ url: '/api/v1/events' });
      assert.equal(plain.statusCode, 200);
      assert.ok(plain.rawPayload.length > 1024);
      const res = await admin.request({ url: '/api/v1/events', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.headers['content-encoding'], 'gzip');
      assert.deepEqual(JSON.parse(decoded(res).toString()), plain.json());
    });

    it('compresses the landing and confirmation pages once', async () => {
      const event = await createEvent(admin, { slug: 'compressed-page' });
      await publish(admin, event.id);
      const landing = await h.app.inject({ url: '/e/compressed-page', headers: { 'accept-encoding': 'br' } });
      assert.equal(landing.headers['content-encoding'], 'br');
      assert.match(decoded(landing).toString(), /^<!doctype html>/i);
      const registered = await h.app.inject({
        method: 'POST',
        url: '/e/compressed-page/register',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          name: 'Li Lei',
          email: 'li.lei@example.com',
          phone: '+86 138 0013 8000',
          company: 'Example Ltd',
          consent: 'on',
        }).toString(),
      });
      const confirmation = await h.app.inject({
        url: String(registered.headers.location),
        headers: { 'accept-encoding': 'gzip, br' },
      });
      assert.equal(confirmation.statusCode, 200);
      assert.equal(confirmation.headers['content-encoding'], 'br');
      assert.ok(varies(confirmation));
      assert.match(decoded(confirmation).toString(), /^<!doctype html>/i);
    });
  });
}
