import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parsePlaylist } from '../../src/live/replay.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { createEvent, type Encoder, startEncoder, waitFor } from './fixtures.js';

/**
 * What footage can be fetched when: the live playlist while rehearsing and live, and after
 * the event ends only the replay and the recording segments it references — never the
 * rehearsal recorded before "Go live".
 */
for (const dialect of dialects) {
  describe(`media served around a live (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let encoder: Encoder | undefined;
    before(async () => {
      h = await startHarness(dialect, { RTMP_PORT: '0', RTMP_HOST: '127.0.0.1' });
      await h.services.live.start();
      admin = await setupAdmin(h);
    });
    after(async () => {
      await encoder?.stop();
      await h?.close();
    });

    it('hides rehearsal footage, drops the live playlist after the event, and End is final', async () => {
      const event = await createEvent(h.services.db.kysely);
      const row = await h.services.live.stream(event.id);
      const media = `/media/${row.media_path}`;
      const get = async (url: string) => (await h.app.inject({ url })).statusCode;
      const recorded = () => {
        const file = path.join(h.dataDir, 'media', row.media_path, 'rec', 'index.m3u8');
        return fs.existsSync(file) ? parsePlaylist(fs.readFileSync(file, 'utf8')) : [];
      };
      const studio = (action: string) =>
        admin.request({ method: 'POST', url: `/api/v1/events/${event.id}/live/${action}` });

      encoder = startEncoder(`rtmp://127.0.0.1:${h.services.live.rtmpPort}/live/${row.stream_key}`);
      await waitFor('three rehearsal segments recorded', () => recorded().length >= 3, 60_000);
      assert.equal(await get(`${media}/live/index.m3u8`), 200, 'the backstage preview plays');
      const key = await h.services.live.replayKey(row.media_path);
      for (const file of ['r0.ts', 'index.m3u8', 'replay.m3u8'])
        assert.equal(await get(`${media}/rec/${key}/${file}`), 404, `rec/${file} during rehearsal`);

      assert.equal((await studio('go-live')).statusCode, 200);
      const atGoLive = recorded().length;
      await waitFor('live segments recorded', () => recorded().length >= atGoLive + 2, 60_000);
      assert.equal(await get(`${media}/rec/${key}/r0.ts`), 404, 'no recording segment while live');

      const ended = await studio('end');
      assert.equal(ended.json().event.status, 'ended');
      const again = await studio('go-live');
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'INVALID_STATE');
      assert.match(again.json().error.message, /cannot go live again/);
      await h.services.live.replayDone(event.id);
      assert.equal((await h.services.events.getEvent(event.id)).status, 'on_demand');
      const late = await studio('go-live');
      assert.equal(late.statusCode, 409);
      assert.match(late.json().error.message, /cannot go live again/);

      for (const file of ['index.m3u8', 's0.ts'])
        assert.equal(await get(`${media}/live/${file}`), 404, `live/${file} after the event`);
      assert.equal(await get(`${media}/live.flv`), 404);
      // The replay is served only under its key, which the live URLs do not reveal.
      assert.equal(await get(`${media}/rec/replay.m3u8`), 404, 'no replay without its key');
      const wrongKey = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      assert.equal(await get(`${media}/rec/${wrongKey}/replay.m3u8`), 404, 'no replay under another key');
      const replay = await h.app.inject({ url: `${media}/rec/${key}/replay.m3u8` });
      assert.equal(replay.statusCode, 200);
      const inReplay = new Set(parsePlaylist(replay.body).map((s) => s.uri));
      assert.ok(inReplay.size > 0);
      assert.ok(!inReplay.has('r0.ts'), 'the first rehearsal segment is not in the replay');
      const onDisk = fs
        .readdirSync(path.join(h.dataDir, 'media', row.media_path, 'rec'))
        .filter((f) => /^r\d+\.ts$/.test(f));
      for (const file of onDisk)
        assert.equal(
          await get(`${media}/rec/${key}/${file}`),
          inReplay.has(file) ? 200 : 404,
          `rec/${file} (${inReplay.has(file) ? 'in' : 'not in'} the replay)`,
        );
    });
  });
}
