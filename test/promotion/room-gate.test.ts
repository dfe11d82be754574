import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { resolveFfmpeg } from '../../src/live/ffmpeg-args.js';
import { launchBrowser } from '../support/browser.js';
import { eventInput } from '../support/fixtures.js';
import { ADMIN } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { person } from './support.js';

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/**
 * "Invite 2 to unlock the replay" in the room, in Chromium on a phone: after the event the
 * registrant's room shows the locked replay and the invitation banner with their progress;
 * colleagues registering through the personal link (each from their own browser) move it, and
 * the replay — a real H.264 HLS made by ffmpeg — plays once the goal is reached.
 */
describe('the referral gate in the live room, in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let slug = '';
  let annToken = '';
  let inviteUrl = '';

  before(async () => {
    server = await startServer('sqlite');
    browser = await launchBrowser();
    const api = await browser.newContext();
    const token = await server.services.accounts.issueSetupToken();
    const setup = await api.request.post(`${server.baseUrl}/api/v1/setup`, { data: { token, ...ADMIN } });
    const headers = { 'x-csrf-token': (await setup.json()).csrf_token as string };
    const created = await api.request.post(`${server.baseUrl}/api/v1/events`, {
      data: eventInput({ slug: 'room-gate', title: 'Room Gate Live' }),
      headers,
    });
    const event = (await created.json()).event as { id: string; slug: string };
    slug = event.slug;
    await api.request.post(`${server.baseUrl}/api/v1/events/${event.id}/status`, {
      data: { to: 'scheduled' },
      headers,
    });
    const gate = await api.request.put(`${server.baseUrl}/api/v1/events/${event.id}/referral-gate`, {
      data: { goal: 2, reward_kind: 'replay', leaderboard_in_room: true },
      headers,
    });
    assert.equal(gate.status(), 200, await gate.text());
    await api.close();
    annToken = await register('Ann Lee', 'ann@corp.example', 'Ann/1');
    const invitation = await fetch(`${server.baseUrl}/api/v1/public/registrations/${annToken}/invitation`);
    inviteUrl = ((await invitation.json()) as { invite_url: string }).invite_url;

    // The event has ended and its replay is ready: four seconds of H.264 in HLS, as the packager writes it.
    const stream = await server.services.live.stream(event.id);
    const rec = path.join(server.dataDir, 'media', stream.media_path, 'rec');
    fs.mkdirSync(rec, { recursive: true });
    const ffmpeg = await resolveFfmpeg(undefined);
    await promisify(execFile)(ffmpeg, [
      ...['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=4:size=320x240:rate=25'],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'hls', '-hls_time', '2'],
      ...[
        '-hls_playlist_type',
        'vod',
        '-hls_segment_filename',
        path.join(rec, 'r%d.ts'),
        path.join(rec, 'replay.m3u8'),
      ],
    ]);
    const k = server.services.db.kysely;
    await k
      .updateTable('live_streams')
      .set({ replay_status: 'ready' })
      .where('event_id', '=', event.id)
      .execute();
    await k.updateTable('events').set({ status: 'on_demand' }).where('id', '=', event.id).execute();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A registration through the public API from its own browser (user agent), optionally through a personal link. */
  async function register(name: string, email: string, userAgent: string, ref?: string) {
    const res = await fetch(`${server.baseUrl}/api/v1/public/events/${slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify({ ...person(name, email), ...(ref ? { ref } : {}) }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { registration: { join_url: string } }).registration.join_url.split(
      '/j/',
    )[1]!;
  }

  /** A colleague opens Ann's personal link in their own phone browser and registers on the landing page. */
  async function colleagueRegisters(name: string, email: string, userAgent: string) {
    const context = await browser.newContext({
      userAgent,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
    });
    const page = await context.newPage();
    await page.goto(inviteUrl);
    await page.fill('#f-name', name);
    await page.fill('#f-email', email);
    await page.fill('#f-phone', '+86 138 0013 8000');
    await page.fill('#f-company', 'Corp');
    await page.check('input[name=consent]');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/registered\//, { timeout: 30_000 });
    await context.close();
  }

  const slate = (page: Page) => page.locator('#lc-slate');

  it('shows the locked replay and the progress, moves with each colleague, then plays the replay', async () => {
    const context = await browser.newContext({
      userAgent: IPHONE_UA,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
    });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/j/${annToken}`);
    await slate(page).getByText('The replay is a reward').waitFor();
    await slate(page).getByText('Invite 2 more colleagues with your personal link').waitFor();
    await page.getByTestId('room-gate-progress').getByText('0 of 2 colleagues registered').waitFor();
    assert.equal(await page.locator('#lc-video').isHidden(), true, 'no player while locked');

    await colleagueRegisters('Bo Chen', 'bo@corp.example', 'Bo-Phone/1');
    // The room polls its status: the slate counts down without a reload.
    await slate(page)
      .getByText('Invite 1 more colleague with your personal link')
      .waitFor({ timeout: 30_000 });
    await page.reload();
    await page.getByTestId('room-gate-progress').getByText('1 of 2 colleagues registered').waitFor();

    await colleagueRegisters('Cy Wang', 'cy@corp.example', 'Cy-Phone/1');
    await page.locator('#lc-video').waitFor({ state: 'visible', timeout: 30_000 });
    await page.evaluate(
      `document.querySelector('#lc-video').muted = true; document.querySelector('#lc-video').play()`,
    );
    await page.waitForFunction(`document.querySelector('#lc-video').currentTime > 0.5`, undefined, {
      timeout: 60_000,
    });
    assert.equal(await slate(page).isHidden(), true);
    await page.reload();
    await page.getByTestId('room-gate-progress').getByText('2 of 2 colleagues registered').waitFor();
    await page.getByTestId('room-invite').getByRole('link', { name: 'Open your reward' }).waitFor();
    await context.close();
  });
});
