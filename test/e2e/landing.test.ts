import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser } from '../support/browser.js';
import { createEvent, multipartFile, publish } from '../support/fixtures.js';
import { ADMIN, type Harness, type StaffClient, setupAdmin } from '../support/harness.js';
import { startServer } from '../support/server.js';
import { signIn } from './support/console.js';

/** 32×18 and 18×32 PNGs (16:9 and 9:16), written by ffmpeg. */
const COVER_16_9 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAASCAIAAAC1qksFAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAH0lEQVR4nGNQD71BU8QwasGoBaMWjFowasGoBfSwAADWU/0fvFzQPgAAAABJRU5ErkJggg==',
  'base64',
);
const COVER_9_16 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABIAAAAgCAIAAACQHr+mAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAHklEQVR4nGNQD71BBmIY1TaqbVTbqLZRbaPaBrM2AMKc/R8X8AwsAAAAAElFTkSuQmCC',
  'base64',
);

const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1280, height: 800 };

/** The bottom edge of an element in the page's first screen coordinates (scroll at top). */
const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is rendered`);
  return b;
};

describe('landing page layout in Chromium', () => {
  let h: Harness;
  let admin: StaffClient;
  let browser: Browser;
  let base: string;

  const addEvent = async (slug: string, cover: Buffer) => {
    const event = await createEvent(admin, {
      slug,
      title: 'Pipeline from webinars: the 2031 playbook for B2B marketing teams',
      starts_at: '2030-12-10T14:00',
      ends_at: '2030-12-10T15:30',
    });
    await admin.request({ method: 'PUT', url: `/api/v1/events/${event.id}/cover`, ...multipartFile(cover) });
    const speaker = (
      await admin.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/speakers`,
        payload: { name: 'Han Meimei', title: 'VP Marketing', company: 'Acme', tier: 'kol' },
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
    return event;
  };

  before(async () => {
    const server = await startServer('sqlite');
    h = server;
    base = server.baseUrl;
    admin = await setupAdmin(h);
    await addEvent('wide-cover', COVER_16_9);
    await addEvent('tall-cover', COVER_9_16);
    // A photo-sized cover (noise compresses like a photo), and its copies made as the job thread would.
    const big = await sharp({
      create: {
        width: 2000,
        height: 1125,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg()
      .toBuffer();
    await addEvent('big-cover', big);
    h.clock.advance(1000);
    await h.services.jobs.runDue();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const) {
    for (const [slug, ratio] of [
      ['wide-cover', 16 / 9],
      ['tall-cover', 9 / 16],
    ] as const) {
      it(`shows the whole ${slug}, title, time and call to action in the first ${name} screen`, async () => {
        const context = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai' });
        const page = await context.newPage();
        await page.goto(`${base}/e/${slug}`);
        const cover = await box(page, 'img.cover');
        const objectFit = await page.evaluate<string>(
          "getComputedStyle(document.querySelector('img.cover')).objectFit",
        );
        // The whole image shows: its box has the image's ratio, or it is letterboxed, never cropped.
        assert.ok(
          Math.abs(cover.width / cover.height - ratio) < 0.02 || objectFit === 'contain',
          `cover ${cover.width}×${cover.height} keeps ${ratio}`,
        );
        assert.notEqual(objectFit, 'cover');
        for (const selector of ['img.cover', 'h1', '.when time', 'a.btn[href="#register"]']) {
          const b = await box(page, selector);
          assert.ok(
            b.y + b.height <= viewport.height,
            `${selector} ends at ${b.y + b.height} > ${viewport.height}`,
          );
        }
        await context.close();
      });
    }
  }

  it('puts the form before About, Speakers and Agenda on a phone, and beside them on a laptop', async () => {
    for (const viewport of [PHONE, LAPTOP]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${base}/e/wide-cover`);
      const form = await box(page, '#register');
      const about = await box(page, '#h-about');
      if (viewport === PHONE) assert.ok(form.y < about.y, 'form above About on a phone');
      else assert.ok(form.x > about.x + about.width, 'form beside the content on a laptop');
      await context.close();
    }
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`shows a failed registration at once, each error linked to its field (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${base}/e/wide-cover`);
      await page.fill('#f-name', 'Li Lei');
      await page.fill('#f-email', 'not-an-email');
      await page.click('button[type=submit]');
      await page.waitForSelector('#reg-errors');
      assert.equal(await page.evaluate<string>('document.activeElement.id'), 'reg-errors');
      const summary = await box(page, '#reg-errors');
      assert.ok(summary.y >= 0 && summary.y + summary.height <= PHONE.height, 'summary is on screen');
      assert.equal(await page.getAttribute('#f-email', 'aria-invalid'), 'true');
      assert.equal(await page.getAttribute('#f-email', 'aria-describedby'), 'e-email');
      assert.equal(await page.textContent('#e-email'), 'Enter a valid email address');
      assert.equal(await page.getAttribute('#f-consent', 'aria-describedby'), 'e-consent');
      await page.click('#reg-errors a[href="#f-email"]');
      assert.equal(await page.evaluate<string>('document.activeElement.id'), 'f-email');
      // Refresh, back or a bookmark of the URL the form posted to lands on the page, not a 404.
      const res = await page.goto(page.url().replace(/#.*$/, ''));
      assert.equal(res?.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/e/wide-cover');
      assert.ok(await page.locator('#register').isVisible());
      await context.close();
    });
  }

  it('shows the visitor’s time and agenda only when their zone differs, and a visible countdown', async () => {
    const same = await browser.newContext({ viewport: LAPTOP, timezoneId: 'Asia/Shanghai' });
    let page = await same.newPage();
    await page.goto(`${base}/e/wide-cover`);
    await page.locator('.countdown:not([hidden])').waitFor();
    assert.equal(await page.locator('[data-local-time]').isHidden(), true);
    assert.equal(await page.textContent('time[data-agenda-time]'), '2:00 PM–2:30 PM');
    const countdown = await box(page, '.countdown');
    assert.ok(countdown.height >= 30, 'the countdown is a visible block, not a grey line');
    await same.close();

    const paris = await browser.newContext({ viewport: LAPTOP, timezoneId: 'Europe/Paris' });
    page = await paris.newPage();
    await page.goto(`${base}/e/wide-cover`);
    await page.locator('[data-local-time]:not([hidden])').waitFor();
    assert.match((await page.textContent('time[data-agenda-time]')) ?? '', /^7:00\s?AM–7:30\s?AM$/);
    assert.match(
      (await page.textContent('[data-zone-note]')) ?? '',
      /your time zone \(Europe\/Paris, GMT\+1\)/,
    );
    await paris.close();
  });

  it('loads a small copy of the cover on a 360-px phone and a mid-sized one on a laptop, never the original', async () => {
    for (const [viewport, copy] of [
      [PHONE, '/480.avif'],
      [LAPTOP, '/960.avif'],
    ] as const) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${base}/e/big-cover`);
      await page.waitForFunction("document.querySelector('img.cover').complete");
      const [currentSrc, naturalWidth] = await page.evaluate<[string, number]>(
        "[document.querySelector('img.cover').currentSrc, document.querySelector('img.cover').naturalWidth]",
      );
      assert.ok(currentSrc.endsWith(copy), `${viewport.width} px loads ${currentSrc}`);
      assert.ok(naturalWidth < 2000);
      await context.close();
    }
  });

  it('uses the page font on the submit button', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}/e/wide-cover`);
    const fonts = await page.evaluate<string[]>(
      "[document.body, document.querySelector('button[type=submit]')].map((e) => getComputedStyle(e).fontFamily)",
    );
    assert.equal(fonts[1], fonts[0]);
    await context.close();
  });

  it('lets an admin name the organiser and link the privacy policy from the console', async () => {
    const context = await browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    await page.goto(`${base}/admin/#/team`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${base}/admin/#/team`);
    await page.getByLabel('Organiser name').fill('Acme Cloud');
    await page.getByLabel('Privacy policy link').fill('https://acme.example/privacy');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('Saved.').waitFor();
    await page.goto(`${base}/e/wide-cover?lang=en`);
    assert.equal(await page.textContent('.org-name'), 'Acme Cloud');
    assert.equal(await page.getAttribute('#register .privacy a', 'href'), 'https://acme.example/privacy');
    await context.close();
  });
});
