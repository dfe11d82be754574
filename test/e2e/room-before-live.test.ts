import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createEvent, multipartFile, publish } from '../support/fixtures.js';
import { type Harness, setupAdmin } from '../support/harness.js';
import { startServer } from '../support/server.js';

/** A 32×18 (16:9) PNG written by ffmpeg. */
const COVER = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAASCAIAAAC1qksFAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAH0lEQVR4nGNQD71BU8QwasGoBaMWjFowasGoBfSwAADWU/0fvFzQPgAAAABJRU5ErkJggg==',
  'base64',
);

describe('the room before the live, in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let base: string;
  const rooms: Record<string, string> = {};

  before(async () => {
    const server = await startServer('sqlite');
    h = server;
    base = server.baseUrl;
    const admin = await setupAdmin(h);
    for (const language of ['en', 'zh-CN'] as const) {
      const event = await createEvent(admin, { slug: `before-${language}`, language, title: 'Room Day' });
      await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/cover`,
        ...multipartFile(COVER),
      });
      const speaker = (
        await admin.request({
          method: 'POST',
          url: `/api/v1/events/${event.id}/speakers`,
          payload: { name: 'Han Meimei', title: 'VP Marketing', company: 'Acme', tier: 'customer' },
        })
      ).json().speaker as { id: string };
      await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/agenda`,
        payload: {
          title: 'Keynote',
          starts_at: '2030-12-10T14:00',
          ends_at: '2030-12-10T14:30',
          speaker_ids: [speaker.id],
        },
      });
      await publish(admin, event.id);
      const registered = await h.app.inject({
        method: 'POST',
        url: `/e/${event.slug}/register`,
        payload: new URLSearchParams({
          name: 'Li Lei',
          email: `li.lei.${language}@example.com`,
          phone: '+86 138 0013 8000',
          company: 'Example Ltd',
          consent: 'on',
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const token = /registered\/([A-Za-z0-9_-]{43})/.exec(registered.headers.location as string)?.[1];
      assert.ok(token);
      rooms[language] = `${base}/j/${token}`;
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows the cover, the viewer’s time, add to calendar, agenda and speakers, without dead space on a laptop', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      timezoneId: 'Europe/Paris',
    });
    const page = await context.newPage();
    await page.goto(rooms.en!);
    assert.ok(await page.locator('#lc-stage img.lc-cover').isVisible());
    await page.locator('[data-local-time]:not([hidden])').waitFor();
    assert.ok(await page.locator('.addcal summary').isVisible());
    assert.equal(await page.textContent('#h-agenda'), 'Agenda');
    assert.ok(await page.getByText('Han Meimei').first().isVisible());
    // The main column is filled below the title: its content reaches the bottom of the first screen.
    const info = await page.locator('.lc-info').boundingBox();
    assert.ok(info && info.y + info.height >= 800 - 40, `content ends at ${info && info.y + info.height}`);
    await context.close();
  });

  it('keeps the chat on screen beside the video on a phone in landscape', async () => {
    const context = await browser.newContext({
      viewport: { width: 740, height: 360 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(rooms.en!);
    await page.locator('.lcr[data-connected="true"]').waitFor();
    const stage = await page.locator('#lc-stage').boundingBox();
    const chat = await page.locator('input[name=chat]').boundingBox();
    assert.ok(stage && stage.height <= 360, `stage ${stage?.height} px high`);
    assert.ok(chat && chat.y + chat.height <= 360 && chat.x + chat.width <= 740, 'chat input on screen');
    await context.close();
  });

  it('speaks Chinese in the countdown', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(rooms['zh-CN']!);
    await page.locator('#lc-countdown:not(:empty)').waitFor();
    const text = (await page.textContent('#lc-countdown')) ?? '';
    assert.match(text, /^距开始还有 \d+ 天 \d\d:\d\d:\d\d$/);
    await context.close();
  });
});
