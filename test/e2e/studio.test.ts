import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { resolveFfmpeg } from '../../src/live/ffmpeg-args.js';
import { runningRemuxers } from '../../src/studio/ingest.js';
import { createEvent, isAlive, register, waitFor as waitWithin } from '../live/fixtures.js';
import { insertSpeaker } from '../studio/fixtures.js';
import { CHROMIUM_PATH } from '../support/browser.js';
import { type Harness, type StaffClient, setupAdmin, startHarness } from '../support/harness.js';

/**
 * The browser studio end to end in real Chromium with fake camera, microphone and screen:
 * a host and two guests in separate contexts, the programme composed and sent, a viewer
 * playing it, a guest leaving and rejoining, the host reloading mid-live, End → replay.
 * SQLite only: the database parts run on both dialects in test/studio; this one is about
 * browsers and media, and it is the slowest test we have.
 */
// Every wait below is a liveness deadline (poll until a condition holds), never a timing
// assertion, and the deadlines are generous on purpose: the host page decodes two guest cameras,
// encodes the stage twice for the guests and the programme once for the server, all in software,
// and CI and the shared 2-core machine run other suites beside it (at load 20 the host page
// composed about 3 frames a second). The signalling and WebRTC on loopback need no extra
// Chromium flags: the fake-UI permission exposes host candidates and the links connect.
const PATIENCE = 150_000;
const waitFor = <T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  deadlineMs = PATIENCE,
) => waitWithin(what, check, deadlineMs);

// Was gated (issue 17): with guests connected, the host's fake screen share became a drawable
// slides video after 8 s, 80 s or not within 150 s. Cause, measured: the compositor's worker
// posted a tick every 33 ms while the loaded host page drew about 6 frames a second, so ticks
// piled up in the page's task queue and getDisplayMedia's answer (like every evaluate) waited
// behind a backlog that only grew (still pending after 56 s; one evaluate 44 s). Fixed in the
// product: one tick in flight (web/studio/browser/compositor.ts); with the old timer this test
// still hung at that step with the small clip below. The fake cameras play a small
// clip (640×360, 15 fps) and the fake screen runs at 15 fps: three 720p software camera encodes
// and decodes are not what this test is about, and the run held the machine at load 20+.

describe('browser studio end to end (sqlite)', () => {
  let h: Harness;
  let admin: StaffClient;
  let base: string;
  let browser: Browser;
  let hostContext: BrowserContext;
  let host: Page;
  const guests: { page: Page; id: string; context: BrowserContext }[] = [];
  let viewer: Page;
  let eventId: string;
  let joinToken: string;
  const errors: string[] = [];
  let clipDir: string | undefined;

  before(async () => {
    assert.ok(
      fs.existsSync('web/dist/.vite/manifest.json'),
      'browser code must be built first (npm run build)',
    );
    h = await startHarness('sqlite', { RTMP_PORT: '0', RTMP_HOST: '127.0.0.1' });
    await h.services.live.start();
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await setupAdmin(h);
    const db = h.services.db.kysely;
    eventId = (await createEvent(db, { startsInMs: 600_000 })).id;
    joinToken = await register(db, eventId);
    const speakerIds = [
      await insertSpeaker(db, eventId, 'Grace Hopper', 'Rear Admiral'),
      await insertSpeaker(db, eventId, 'Linus Torvalds'),
    ];
    await admin.request({
      method: 'PUT',
      url: `/api/v1/events/${eventId}/studio/ingest-source`,
      payload: { source: 'studio' },
    });
    // The fake cameras' picture: a 1 s test pattern (the file device loops it).
    clipDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-studio-e2e-'));
    const clip = path.join(clipDir, 'camera.y4m');
    const made = spawnSync(await resolveFfmpeg(process.env.FFMPEG_PATH), [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15', '-t', '1'],
      ...['-pix_fmt', 'yuv420p', clip],
    ]);
    assert.equal(made.status, 0, String(made.stderr));
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream=fps=15',
        `--use-file-for-fake-video-capture=${clip}`,
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
        '--disable-background-timer-throttling',
      ],
    });
    hostContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const [name, value] = admin.cookie.split('=') as [string, string];
    await hostContext.addCookies([{ name, value, url: base }]);
    hostContext.setDefaultTimeout(PATIENCE);
    host = await hostContext.newPage();
    host.on('pageerror', (e) => errors.push(`host: ${e.message}`));
    for (const speakerId of speakerIds) {
      const res = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/studio/guests`,
        payload: { speaker_id: speakerId },
      });
      const guest = res.json().guest as { id: string; link: string };
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      context.setDefaultTimeout(PATIENCE);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`guest: ${e.message}`));
      await page.goto(guest.link.replace('http://localhost:3000', base));
      guests.push({ page, id: guest.id, context });
    }
  });

  after(async () => {
    const remux = runningRemuxers();
    await browser?.close();
    await h?.close();
    await waitFor('no remuxer left', () => remux.every((pid) => !isAlive(pid)));
    if (clipDir) fs.rmSync(clipDir, { recursive: true, force: true });
    assert.deepEqual(errors, []);
  });

  const studio = () =>
    host.evaluate<{ frames: number; tiles: string[]; links: number }>(
      `({ frames: window.leadcastStudio.frames(), tiles: window.leadcastStudio.tiles(), links: window.leadcastStudio.links() })`,
    );
  /**
   * Clicks on the host page through the DOM. The host page composes 30 frames a second on a
   * 2-core machine shared with other test runs; Playwright's locators poll on animation frames,
   * which such a busy page hands out too rarely for their timeouts.
   */
  const click = (selector: string) =>
    waitFor(`click ${selector}`, () =>
      host.evaluate(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el || el.disabled) return false; el.click(); return true; })()`,
      ),
    );
  const button = (label: string, within = '') =>
    waitFor(`click ${label}`, () =>
      host.evaluate(
        `(() => { const b = [...document.querySelectorAll(${JSON.stringify(`${within} button`)})].find((x) => x.textContent.trim() === ${JSON.stringify(label)}); if (!b || b.disabled) return false; b.click(); return true; })()`,
      ),
    );
  /** Waits until the host's people panel shows `id` with `status` (green room, on stage, offline). */
  const statusIs = (id: string, status: string) =>
    waitFor(
      `${id} ${status} on the host page`,
      async () =>
        (await host.evaluate(`document.querySelector('li[data-participant="${id}"]')?.dataset.status`)) ===
        status,
    );
  const status = async () => (await admin.request({ url: `/api/v1/events/${eventId}/live` })).json();
  const playing = (page: Page, selector: string) =>
    page.evaluate<{ width: number; time: number; duration: number }>(
      `(() => { const v = document.querySelector('${selector}'); return { width: v.videoWidth, time: v.currentTime, duration: v.duration }; })()`,
    );
  const advancing = async (page: Page, selector: string, what: string) => {
    const first = await waitFor(`${what} playing`, async () => {
      const v = await playing(page, selector);
      return v.width > 0 && v.time > 0 ? v : undefined;
    });
    await waitFor(
      `${what} time advancing`,
      async () => (await playing(page, selector)).time > first.time + 1,
    );
  };

  it('guests check their devices on a phone and wait in the green room', async () => {
    await host.goto(`${base}/studio/${eventId}/browser`);
    for (const g of guests) {
      await g.page.getByRole('button', { name: 'Join the green room' }).click();
      await waitFor(
        'guest in the green room',
        async () => (await g.page.evaluate(`document.body.dataset.guest`)) === 'green_room',
      );
      await statusIs(g.id, 'greenRoom');
    }
    await waitFor('both guests connected over WebRTC', async () => (await studio()).links === 2);
    // A guest sees the stage as viewers will (the programme), at once.
    await advancing(guests[0]!.page, '#bg-programme', 'the stage on the guest phone');
  });

  it('composes slides + picture-in-picture + a guest and sends the programme', async () => {
    const [g1] = guests;
    await button('Bring on stage', `li[data-participant="${g1!.id}"]`);
    await waitFor(
      'guest on stage',
      async () => (await g1!.page.evaluate(`document.body.dataset.guest`)) === 'on_stage',
    );
    await button('Share a screen or window (slides)');
    await click('input[name=layout][value=side_by_side]');
    await waitFor('slides, host and guest side by side', async () => {
      const s = await studio();
      return JSON.stringify(s.tiles) === JSON.stringify(['slides', 'host', g1!.id]);
    });
    await click('input[name=layout][value=slides_pip]');
    await click('input[name=corner][value=top_left]');
    await host.evaluate(
      `(() => { const s = document.getElementById('bs-lower-third'); s.value = [...s.options].find((o) => o.text === 'Grace Hopper — Rear Admiral').value; s.dispatchEvent(new Event('change')); })()`,
    );
    await waitFor(
      'slides with the host in the corner',
      async () => JSON.stringify((await studio()).tiles) === '["slides","host"]',
    );
    await button('Start the studio (rehearsal)');
    const backstage = await waitFor('backstage with the studio programme', async () => {
      const s = await status();
      return s.state === 'backstage' && s.health?.video?.fps > 0 ? s : undefined;
    });
    assert.equal(backstage.health.video.codec, 'h264');
    assert.equal(backstage.health.video.width, 1280);
    assert.equal(backstage.health.audio.codec, 'aac');
  });

  it('goes live and a viewer plays the stream', async () => {
    await button('Go live');
    await waitFor('live', async () => (await status()).state === 'live');
    viewer = await (await browser.newContext()).newPage();
    await viewer.goto(`${base}/j/${joinToken}`);
    await advancing(viewer, '#lc-video', 'the viewer');
  });

  it('a guest leaves and rejoins the green room', async () => {
    const g2 = guests[1]!;
    await g2.page.getByRole('button', { name: 'Leave' }).click();
    await statusIs(g2.id, 'offline');
    await g2.page.getByRole('button', { name: 'Join again' }).click();
    await statusIs(g2.id, 'greenRoom');
    await waitFor('reconnected over WebRTC', async () => (await studio()).links === 2);
  });

  it('the host reloads mid-live: the viewer keeps playing, the scene and the guests come back', async () => {
    const before = await playing(viewer, '#lc-video');
    await host.reload();
    await waitFor(
      'sending again',
      async () => (await host.evaluate(`document.body.dataset.publish`)) === 'sending',
    );
    await waitFor(
      'scene restored',
      async () =>
        JSON.stringify((await studio()).tiles).startsWith('["host"') || (await studio()).tiles.length > 0,
    );
    await waitFor('guests reconnected', async () => (await studio()).links === 2);
    await waitFor(
      'viewer still advancing past the reload',
      async () => (await playing(viewer, '#lc-video')).time > before.time + 6,
    );
    assert.equal(
      await host.evaluate(`document.querySelector('input[name=corner][value=top_left]').checked`),
      true,
    );
  });

  it('End gives a seekable replay', async () => {
    host.once('dialog', (d) => void d.accept());
    await button('End live');
    await h.services.live.replayDone(eventId);
    await waitFor('replay ready', async () => (await status()).replay.status === 'ready');
    await waitFor(
      'studio told it ended',
      async () => (await host.evaluate(`document.body.dataset.publish`)) === 'ended',
    );
    await viewer.reload();
    const replay = await waitFor('replay loaded', async () => {
      const v = await playing(viewer, '#lc-video');
      return v.width > 0 && Number.isFinite(v.duration) && v.duration > 3 ? v : undefined;
    });
    await viewer.evaluate(
      `document.querySelector('#lc-video').currentTime = ${Math.floor(replay.duration / 2)}`,
    );
    await waitFor(
      'seeked',
      async () => (await playing(viewer, '#lc-video')).time >= Math.floor(replay.duration / 2) - 0.5,
    );
  });
});
