import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { newId } from '../src/ids.js';
import { createEvent, multipartFile, publish } from './support/fixtures.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from './support/harness.js';

/** Noise compresses badly, like a photo: the copies must really be smaller. */
const noise = (width: number, height: number) =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });

/**
 * A phone photo: stored 1125×2000 with EXIF orientation 6 (shown rotated, 2000×1125), a
 * copyright line and a GPS position.
 */
const phoneCover = () =>
  noise(1125, 2000)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Copyright: 'Secret Studio' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();

/** A PNG whose header claims 20000×20000 pixels (400 MP) in a few hundred bytes. */
function pixelBomb(): Buffer {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d494441540899636060606000000005000187a14ed40000000049454e44ae426082',
    'hex',
  );
  png.writeUInt32BE(20_000, 16);
  png.writeUInt32BE(20_000, 20);
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29);
  return png;
}

const listFiles = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .flatMap((e) => (e.isFile() ? [e.name] : []))
    : [];

/** The `srcset` of the first `<source>` of a type in a page, as [url, width] pairs. */
function srcset(page: string, type: string, after = 0): Array<[string, number]> {
  const m = new RegExp(`<source type="${type}" srcset="([^"]+)" sizes="([^"]+)">`).exec(page.slice(after));
  assert.ok(m, `a ${type} source`);
  return m[1]!.split(', ').map((c) => {
    const [url, w] = c.split(' ');
    return [url!, Number(w!.replace('w', ''))];
  });
}

for (const dialect of dialects) {
  describe(`resized covers and speaker photos (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let event: { id: string; slug: string };
    let original: Buffer;

    const landing = async () => {
      const res = await h.app.inject({ url: `/e/${event.slug}` });
      assert.equal(res.statusCode, 200);
      return res.body;
    };
    /**
     * Runs the queue as the job thread would, a moment later (the test clock stands still),
     * and lets the landing page's one-second microcache (real time) lapse, as it would by
     * the time a job on the queue is done.
     */
    const runJobs = async () => {
      h.clock.advance(1000);
      const started = Date.now();
      await h.services.jobs.runDue();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1100 - (Date.now() - started))));
    };
    const fileCount = async () =>
      Number(
        (
          await h.services.db.kysely
            .selectFrom('files')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      event = await createEvent(admin, { slug: 'resized' });
      await publish(admin, event.id);
      original = await phoneCover();
    });
    after(() => h.close());

    it('keeps the uploaded cover and shows it until its copies are made, then serves AVIF and WebP copies by width', async () => {
      const up = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/cover`,
        ...multipartFile(original, 'phone.jpg', 'image/jpeg'),
      });
      assert.equal(up.statusCode, 200, up.body);
      const coverUrl = up.json().event.cover_url as string;
      // The original at its URL, without the metadata it came with (no GPS position for every
      // visitor), turned the right way up instead of relying on the orientation tag.
      const kept = await h.app.inject({ url: coverUrl });
      assert.equal(kept.statusCode, 200);
      const keptMeta = await sharp(kept.rawPayload).metadata();
      assert.equal(keptMeta.exif, undefined, 'the served original has no EXIF');
      assert.equal(keptMeta.format, 'jpeg');
      assert.deepEqual([keptMeta.width, keptMeta.height, keptMeta.orientation], [2000, 1125, undefined]);

      // Before the job: the original alone, at its displayed (rotated) size.
      let page = await landing();
      assert.match(
        page,
        new RegExp(`<img class="cover" src="${coverUrl}" alt="" width="2000" height="1125"`),
      );
      assert.doesNotMatch(page, /<picture/);

      await runJobs();
      page = await landing();
      const at = page.indexOf('<picture>');
      assert.ok(at >= 0, 'the cover is a <picture> once its copies exist');
      const avif = srcset(page, 'image/avif', at);
      const webp = srcset(page, 'image/webp', at);
      assert.deepEqual(
        avif.map(([, w]) => w),
        [480, 960, 1600],
      );
      assert.deepEqual(
        webp.map(([, w]) => w),
        [480, 960, 1600],
      );
      assert.match(page, /sizes="\(min-width: 1080px\) 560px, \(min-width: 720px\) 52vw, 100vw"/);
      // The <img> fallback is still the original, with the original's ratio (no layout shift).
      assert.match(
        page,
        new RegExp(`<img class="cover" src="${coverUrl}" alt="" width="2000" height="1125"`),
      );

      for (const [type, list] of [
        ['image/avif', avif],
        ['image/webp', webp],
      ] as const) {
        for (const [url, width] of list) {
          const res = await h.app.inject({ url });
          assert.equal(res.statusCode, 200, url);
          assert.equal(res.headers['content-type'], type);
          assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
          assert.equal(res.headers['x-content-type-options'], 'nosniff');
          assert.ok(res.rawPayload.length < original.length, `${url} is smaller than the original`);
          const meta = await sharp(res.rawPayload).metadata();
          assert.equal(meta.format, type === 'image/avif' ? 'heif' : 'webp');
          assert.equal(meta.width, width);
          assert.ok(meta.width <= 2000, 'never wider than the original');
          // Rotated by the EXIF orientation: landscape, like the photo as shown.
          assert.equal(meta.height, Math.round((width * 1125) / 2000));
          // No metadata at all: no GPS position, no copyright line, no orientation left to apply.
          assert.equal(meta.exif, undefined, `${url} has no EXIF`);
          assert.equal(meta.orientation, undefined);
        }
      }
      // The upload did carry them (the test image is what it claims).
      assert.ok((await sharp(original).metadata()).exif?.includes('Secret Studio'));
    });

    it('makes square speaker photos for the 64-px avatar, AVIF and WebP, no wider than the original', async () => {
      const speaker = (
        await admin.request({
          method: 'POST',
          url: `/api/v1/events/${event.id}/speakers`,
          payload: { name: 'Han Meimei', title: 'VP Marketing', company: 'Acme', tier: 'kol' },
        })
      ).json().speaker as { id: string };
      const photo = await noise(600, 600).png().toBuffer();
      const up = await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/speakers/${speaker.id}/photo`,
        ...multipartFile(photo, 'han.png', 'image/png'),
      });
      assert.equal(up.statusCode, 200, up.body);
      const photoUrl = up.json().speaker.photo_url as string;
      await runJobs();
      const page = await landing();
      const at = page.indexOf('<ul class="speakers">');
      const avif = srcset(page, 'image/avif', at);
      assert.deepEqual(
        avif.map(([, w]) => w),
        [96, 192, 384],
      );
      assert.match(page.slice(at), /<source type="image\/webp" srcset="[^"]+" sizes="64px">/);
      assert.match(
        page.slice(at),
        new RegExp(`<img src="${photoUrl}" alt="" loading="lazy" width="64" height="64">`),
      );
      for (const [url, width] of [...avif, ...srcset(page, 'image/webp', at)]) {
        const res = await h.app.inject({ url });
        assert.equal(res.statusCode, 200);
        assert.ok(res.rawPayload.length < photo.length);
        const meta = await sharp(res.rawPayload).metadata();
        assert.deepEqual([meta.width, meta.height], [width, width]);
      }
    });

    it('never upscales: a cover narrower than the smallest width gets one copy at its own width', async () => {
      const small = await createEvent(admin, { slug: 'small-cover' });
      await publish(admin, small.id);
      const cover = await noise(300, 200).png().toBuffer();
      await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${small.id}/cover`,
        ...multipartFile(cover),
      });
      await runJobs();
      const page = (await h.app.inject({ url: '/e/small-cover' })).body;
      const avif = srcset(page, 'image/avif');
      assert.deepEqual(
        avif.map(([, w]) => w),
        [300],
      );
      const meta = await sharp((await h.app.inject({ url: avif[0]![0] })).rawPayload).metadata();
      assert.deepEqual([meta.width, meta.height], [300, 200]);
    });

    it('refuses truncated files, non-images and pixel bombs with a stable 4xx, and stores nothing', async () => {
      const cases: Array<[string, Buffer, number, string]> = [
        ['truncated JPEG', original.subarray(0, original.length >> 1), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [
          'truncated PNG',
          (await noise(400, 300).png().toBuffer()).subarray(0, 20_000),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        [
          'PNG magic then text',
          Buffer.concat([pixelBomb().subarray(0, 8), Buffer.from('hello')]),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        ['text', Buffer.from('just some text, not an image'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['pixel bomb', pixelBomb(), 413, 'PAYLOAD_TOO_LARGE'],
      ];
      const before = await admin.request({ url: `/api/v1/events/${event.id}` });
      const rows = await fileCount();
      const onDisk = listFiles(path.join(h.dataDir, 'files')).length;
      for (const [name, bytes, status, code] of cases) {
        const res = await admin.request({
          method: 'PUT',
          url: `/api/v1/events/${event.id}/cover`,
          ...multipartFile(bytes, 'x.png', 'image/png'),
        });
        assert.equal(res.statusCode, status, `${name}: ${res.body}`);
        assert.equal(res.json().error.code, code, name);
        assert.ok(res.json().error.details.fields.file, `${name} names the file field`);
      }
      assert.equal(await fileCount(), rows, 'no file rows');
      assert.equal(listFiles(path.join(h.dataDir, 'files')).length, onDisk, 'no files on disk');
      const now = await admin.request({ url: `/api/v1/events/${event.id}` });
      assert.equal(now.json().event.cover_url, before.json().event.cover_url, 'the cover is unchanged');
    });

    it('answers 404 for copies that do not exist', async () => {
      const { cover_url } = (await admin.request({ url: `/api/v1/events/${event.id}` })).json().event;
      for (const name of ['481.avif', '480.png', '480.webp.tmp', 'x'])
        assert.equal((await h.app.inject({ url: `${cover_url}/${name}` })).statusCode, 404, name);
      assert.equal((await h.app.inject({ url: `/files/${newId()}/480.avif` })).statusCode, 404);
    });

    it('shows a cover stored before copies existed as it is, and makes its copies when first shown', async () => {
      const old = await createEvent(admin, { slug: 'old-cover' });
      await publish(admin, old.id);
      // A row as migration 0207 leaves an earlier upload: no size, no copies, no job.
      const bytes = await noise(1200, 675).jpeg().toBuffer();
      const id = newId();
      const key = `${id.slice(0, 2)}/${id}`;
      fs.mkdirSync(path.join(h.dataDir, 'files', id.slice(0, 2)), { recursive: true });
      fs.writeFileSync(path.join(h.dataDir, 'files', key), bytes);
      const db = h.services.db.kysely;
      await db
        .insertInto('files')
        .values({
          id,
          kind: 'image',
          mime: 'image/jpeg',
          size_bytes: bytes.length,
          sha256: 'x',
          storage_key: key,
          created_by: null,
          created_at: h.clock.now().toISOString(),
          width: null,
          height: null,
          variants: null,
        })
        .execute();
      await db
        .updateTable('events')
        .set({ cover_file_id: id, updated_at: h.clock.now().toISOString() })
        .where('id', '=', old.id)
        .execute();

      let page = (await h.app.inject({ url: '/e/old-cover' })).body;
      assert.match(
        page,
        new RegExp(`<img class="cover" src="/files/${id}" alt="" width="1200" height="675"`),
      );
      assert.doesNotMatch(page, /<picture/);
      await runJobs();
      page = (await h.app.inject({ url: '/e/old-cover' })).body;
      assert.deepEqual(
        srcset(page, 'image/webp').map(([, w]) => w),
        [480, 960, 1200],
      );
      const row = await db
        .selectFrom('files')
        .select(['width', 'height'])
        .where('id', '=', id)
        .executeTakeFirst();
      assert.deepEqual(row, { width: 1200, height: 675 });
    });
  });
}
