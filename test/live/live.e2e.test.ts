import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { runningChildren } from '../../src/live/supervisor.js';
import { launchBrowser } from '../support/browser.js';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { createEvent, type Encoder, isAlive, register, startEncoder, waitFor } from './fixtures.js';

/**
 * The whole live flow with real parts: ffmpeg publishes over RTMP to the embedded
 * server, ffmpeg packages HLS, headless Chromium plays the room page, and the replay is
 * produced after End. PostgreSQL runs the same flow.
 */
for (const dialect of dialects) {
  describe(`live video end to end (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let base: string;
    let rtmp: string;
    let browser: Browser;
    let page: Page;
    let eventId: string;
    let token: string;
    let otherToken: string;
    let revokedToken: string;
    let streamKey: string;
    let encoder: Encoder | undefined;
    const pids = new Set<number>();
    const trackPids = () => {
      for (const pid of runningChildren()) pids.add(pid);
    };

    before(async () => {
      assert.ok(
        fs.existsSync('web/dist/.vite/manifest.json'),
        'browser code must be built first (npm run build)',
      );
      h = await startHarness(dialect, { RTMP_PORT: '0', RTMP_HOST: '127.0.0.1' });
      await h.services.live.start();
      base = await h.app.listen({ port: 0, host: '127.0.0.1' });
      rtmp = `rtmp://127.0.0.1:${h.services.live.rtmpPort}/live`;
      admin = await setupAdmin(h);
      const event = await createEvent(h.services.db.kysely);
      eventId = event.id;
      token = await register(h.services.db.kysely, eventId);
      revokedToken = await register(h.services.db.kysely, eventId, 'revoked');
      otherToken = await register(h.services.db.kysely, (await createEvent(h.services.db.kysely)).id);
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    });

    after(async () => {
      await encoder?.stop();
      await browser?.close();
      trackPids();
      await h?.close();
      for (const pid of pids) assert.equal(isAlive(pid), false, `ffmpeg ${pid} survived shutdown`);
    });

    /** Browser-side reads go through strings: the test program has no DOM typings. */
    const video = () =>
      page.evaluate<{
        width: number;
        time: number;
        duration: number;
        controls: boolean;
        marker: number | undefined;
      }>(
        `(() => { const v = document.querySelector('video'); return { width: v.videoWidth, time: v.currentTime, duration: v.duration, controls: v.controls, marker: window.marker }; })()`,
      );
    const studio = async () => (await admin.request({ url: `/api/v1/events/${eventId}/live` })).json();

    it('gives staff a stream key and keeps it from everyone else', async () => {
      const res = await admin.request({ url: `/api/v1/events/${eventId}/live/stream-key` });
      assert.equal(res.statusCode, 200);
      streamKey = res.json().stream_key;
      assert.match(streamKey, /^lc_live_[A-Za-z0-9_-]{32}$/);
      assert.equal(res.json().server, 'rtmp://localhost:0/live');
      const anon = await h.app.inject({ url: `/api/v1/events/${eventId}/live/stream-key` });
      assert.equal(anon.statusCode, 401);
      const studioPage = await h.app.inject({ url: `/studio/${eventId}` });
      assert.equal(studioPage.statusCode, 302);
      const staffPage = await admin.request({ url: `/studio/${eventId}` });
      assert.equal(staffPage.statusCode, 200);
      assert.ok(staffPage.body.includes(streamKey));
      assert.ok(staffPage.body.includes('id="lc-host-panel"'));
    });

    it('refuses a wrong key at once and survives garbage on the RTMP port', async () => {
      const wrong = startEncoder(`${rtmp}/lc_live_wrong`, { seconds: 5 });
      assert.notEqual(await wrong.exited, 0);
      assert.match(wrong.stderr(), /Unknown or rotated stream key/);
      for (const payload of [
        Buffer.from('GET / HTTP/1.1\r\n\r\n'),
        Buffer.concat([
          Buffer.from([3]),
          Buffer.alloc(1536, 7),
          Buffer.alloc(1536),
          Buffer.from([0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x14]),
        ]),
      ]) {
        await new Promise<void>((resolve) => {
          const socket = net.connect(h.services.live.rtmpPort, '127.0.0.1', () => socket.end(payload));
          socket.on('close', () => resolve());
          socket.on('error', () => resolve());
          socket.resume();
        });
      }
    });

    it('shows the backstage preview and health while the audience sees the starting-soon slate', async () => {
      encoder = startEncoder(`${rtmp}/${streamKey}`);
      const status = await waitFor('backstage health', async () => {
        const s = await studio();
        return s.state === 'backstage' && s.health?.video?.fps > 0 ? s : undefined;
      });
      trackPids();
      assert.equal(status.health.video.codec, 'h264');
      assert.equal(status.health.video.width, 1280);
      assert.equal(status.health.audio.codec, 'aac');
      assert.equal(status.health.unsupported, null);
      const playlist = await waitFor('preview playlist', async () => {
        const res = await h.app.inject({ url: status.preview });
        return res.statusCode === 200 && res.body.includes('#EXTINF') ? res : undefined;
      });
      assert.equal(playlist.headers['content-type'], 'application/vnd.apple.mpegurl');
      assert.equal(playlist.headers['cache-control'], 'no-cache');
      assert.ok(!status.preview.includes(eventId), 'media URL must not contain the event id');
      const segment = playlist.body.split('\n').find((l: string) => l.endsWith('.ts'));
      const seg = await h.app.inject({ url: status.preview.replace('index.m3u8', segment) });
      assert.equal(seg.headers['content-type'], 'video/mp2t');
      assert.match(String(seg.headers['cache-control']), /immutable/);

      const second = startEncoder(`${rtmp}/${streamKey}`, { seconds: 5 });
      assert.notEqual(await second.exited, 0);
      assert.match(second.stderr(), /already publishing/);

      const room = (await h.app.inject({ url: `/j/${token}/status` })).json();
      assert.equal(room.state, 'starting_soon');
      assert.equal(room.playback, null);
      await page.goto(`${base}/j/${token}`);
      await page.waitForSelector('#lc-slate:not([hidden])');
      assert.match((await page.textContent('#lc-countdown')) ?? '', /Starts in/);
      assert.equal(await page.getAttribute('#lc-room-panel', 'data-event-id'), eventId);
    });

    it('lays the room out player-first on phones and side by side on desktops', async () => {
      const box = async (p: Page, selector: string) => {
        const b = await p.locator(selector).boundingBox();
        assert.ok(b, selector);
        return b;
      };
      const stage = await box(page, '#lc-stage');
      const panel = await box(page, '#lc-room-panel');
      assert.ok(panel.x >= stage.x + stage.width - 1, 'desktop: panel beside the player');
      assert.ok(Math.abs(stage.width / stage.height - 16 / 9) < 0.02, 'desktop: 16:9 player');
      const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
      try {
        await phone.goto(`${base}/j/${token}`);
        const s = await box(phone, '#lc-stage');
        const p = await box(phone, '#lc-room-panel');
        assert.equal(Math.round(s.width), 390, 'phone: full-width player');
        assert.ok(s.y < p.y, 'phone: player above the panel');
        assert.ok(Math.abs(s.width / s.height - 16 / 9) < 0.02, 'phone: 16:9 player');
      } finally {
        await phone.close();
      }
    });

    it("does not play for a revoked registration, and another event's token does not reach this live", async () => {
      assert.equal((await h.app.inject({ url: `/j/${revokedToken}` })).statusCode, 404);
      assert.equal((await h.app.inject({ url: `/j/${revokedToken}/status` })).statusCode, 404);
      assert.equal((await h.app.inject({ url: '/j/not-a-token/status' })).statusCode, 404);
    });

    it('goes live from the studio page and the open room page starts playing without a reload', async () => {
      await page.evaluate('window.marker = 42');
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      try {
        await context.addCookies([
          { name: 'lc_session', value: admin.cookie.split('=')[1] ?? '', url: base },
        ]);
        const studioPage = await context.newPage();
        await studioPage.goto(`${base}/studio/${eventId}`);
        await studioPage.waitForFunction(`document.getElementById('lc-state').dataset.state === 'backstage'`);
        await studioPage.waitForFunction(
          `document.querySelector('[data-health="resolution"]').textContent === '1280×720'`,
        );
        await studioPage.waitForFunction(
          `document.getElementById('lc-preview').videoWidth === 1280`,
          undefined,
          { timeout: 20_000 },
        );
        await studioPage.click('#lc-go-live');
        await studioPage.waitForFunction(`document.getElementById('lc-state').dataset.state === 'live'`);
        assert.equal(await studioPage.isDisabled('#lc-go-live'), true);
      } finally {
        await context.close();
      }
      const event = await h.services.events.getEvent(eventId);
      assert.equal(event.status, 'live');
      const again = await admin.request({ method: 'POST', url: `/api/v1/events/${eventId}/live/go-live` });
      assert.equal(again.json().error.code, 'INVALID_STATE');
      await waitFor(
        'video playing at 1280 wide',
        async () => {
          const v = await video();
          return v.width === 1280 && v.time > 2;
        },
        30_000,
      );
      assert.equal((await video()).marker, 42, 'the page must not reload');
      const other = (await h.app.inject({ url: `/j/${otherToken}/status` })).json();
      assert.equal(other.state, 'starting_soon');
      assert.equal(other.playback, null);
    });

    it('plays the low-latency HTTP-FLV path when asked', async () => {
      const ll = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        await ll.goto(`${base}/j/${token}?latency=low`);
        await waitFor(
          'low-latency playback',
          async () => {
            const v = await ll.evaluate<{ width: number; time: number; mode: string }>(
              `(() => { const v = document.querySelector('video'); return { width: v.videoWidth, time: v.currentTime, mode: document.getElementById('lc-stage').dataset.mode }; })()`,
            );
            return v.mode === 'flv' && v.width === 1280 && v.time > 2;
          },
          20_000,
        );
      } finally {
        await ll.close();
      }
    });

    it('continues the same live after the encoder drops and reconnects', async () => {
      const before = (await video()).time;
      await encoder?.stop();
      await waitFor('session to end', () => h.services.live.session(eventId) === undefined);
      encoder = startEncoder(`${rtmp}/${streamKey}`);
      await waitFor(
        'playback to continue past the reconnect',
        async () => (await video()).time > before + 6,
        40_000,
      );
      trackPids();
      assert.equal((await video()).marker, 42, 'the page must not reload');
    });

    it('restarts a crashed packager and keeps the playlist going', async () => {
      const session = await waitFor('session', () => h.services.live.session(eventId));
      const pid = session.ffmpegPid;
      assert.ok(pid);
      const playlistUrl = (await studio()).preview as string;
      const lastSegment = async () => {
        const body = (await h.app.inject({ url: playlistUrl })).body as string;
        return Number(/s(\d+)\.ts\s*$/.exec(body.trim())?.[1] ?? -1);
      };
      const beforeCrash = await lastSegment();
      process.kill(pid, 'SIGKILL');
      await waitFor('a new packager', () => session.ffmpegPid !== undefined && session.ffmpegPid !== pid);
      trackPids();
      await waitFor(
        'new segments after the crash',
        async () => (await lastSegment()) > beforeCrash + 2,
        20_000,
      );
      assert.equal(session.health().packager_restarts, 1);
    });

    it('ends the live, produces a seekable replay and moves to on-demand', async () => {
      const res = await admin.request({ method: 'POST', url: `/api/v1/events/${eventId}/live/end` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().event.status, 'ended');
      await h.services.live.replayDone(eventId);
      const rec = (await admin.request({ url: `/api/v1/events/${eventId}/live/recording` })).json();
      assert.equal(rec.status, 'ready', JSON.stringify(rec));
      assert.ok(rec.seconds > 10, `replay is ${rec.seconds} s`);
      const room = (await h.app.inject({ url: `/j/${token}/status` })).json();
      assert.equal(room.state, 'replay');
      const replay = await h.app.inject({ url: room.playback.hls });
      assert.match(replay.body, /#EXT-X-PLAYLIST-TYPE:VOD/);
      assert.match(replay.body, /#EXT-X-ENDLIST/);

      await waitFor(
        'replay playing',
        async () => {
          const v = await video();
          return v.controls && v.duration > 10 && v.time > 0.5;
        },
        20_000,
      );
      assert.equal(await page.getAttribute('#lc-stage', 'data-state'), 'replay');
      await page.evaluate(
        `(() => { const v = document.querySelector('video'); v.currentTime = v.duration - 4; })()`,
      );
      await waitFor(
        'playback after seeking near the end',
        async () => {
          const v = await video();
          return v.time > v.duration - 3.5 && v.width === 1280;
        },
        15_000,
      );
      assert.equal((await video()).marker, 42, 'the page must not reload');

      const late = startEncoder(`${rtmp}/${streamKey}`, { seconds: 5 });
      assert.notEqual(await late.exited, 0);
      assert.match(late.stderr(), /has ended/);
    });
  });
}
