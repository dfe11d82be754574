import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createEvent, multipartFile, PNG_1X1, publish } from '../support/fixtures.js';
import { type Harness, setupAdmin } from '../support/harness.js';
import { startServer } from '../support/server.js';

describe('audience registration in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let base: string;

  before(async () => {
    const server = await startServer('sqlite');
    h = server;
    base = server.baseUrl;
    const admin = await setupAdmin(h);
    const event = await createEvent(admin, {
      slug: 'browser-live',
      title: 'Browser Live Day',
      starts_at: '2030-12-10T14:00',
    });
    await admin.request({
      method: 'PUT',
      url: `/api/v1/events/${event.id}/cover`,
      ...multipartFile(PNG_1X1),
    });
    await admin.request({
      method: 'POST',
      url: `/api/v1/events/${event.id}/speakers`,
      payload: { name: 'Han Meimei', title: 'VP Marketing', company: 'Acme', tier: 'customer' },
    });
    await publish(admin, event.id);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  it('registers on a phone-sized screen, shows the join link and downloads the .ics', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      acceptDownloads: true,
      timezoneId: 'Europe/Paris',
    });
    const page = await context.newPage();
    await page.goto(`${base}/e/browser-live`);
    assert.equal(await page.locator('h1').textContent(), 'Browser Live Day');
    // The script adds the visitor's own time (Paris, 07:00) and a running countdown.
    await page.locator('[data-local-time]:not([hidden])').waitFor();
    assert.match((await page.locator('[data-local-time]').textContent()) ?? '', /7:00/);
    await page.locator('[data-countdown]:not([hidden])').waitFor();
    assert.ok(await page.getByText('Han Meimei').isVisible());

    await page.fill('#f-name', 'Zhang San');
    await page.fill('#f-email', 'zhang.san@example.com');
    await page.fill('#f-phone', '+86 138 0013 8000');
    await page.fill('#f-company', 'Example Ltd');
    await page.check('input[name=consent]');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/registered\//);
    const joinUrl = (await page.locator('#join-url').textContent())?.trim() ?? '';
    assert.match(joinUrl, new RegExp(`^${base}/j/[A-Za-z0-9_-]{43}$`));

    // Weeks before the event, adding it to the calendar is the main action; the room link is secondary.
    assert.equal(await page.getAttribute('.actions > a[href*="/j/"]', 'class'), 'btn secondary');
    await page.click('.addcal summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download]')]);
    const ics = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(ics, /BEGIN:VEVENT/);
    assert.match(ics, /DTSTART:20301210T060000Z/);
    assert.ok(ics.includes(joinUrl));
    await page.screenshot({ path: `${h.dataDir}/confirmation.png` });
    await context.close();
  });

  it('works with JavaScript disabled, including field errors', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/e/browser-live`);
    await page.fill('#f-name', 'No Script');
    await page.fill('#f-email', 'broken-email');
    await page.fill('#f-phone', '13800138000');
    await page.fill('#f-company', 'Plain HTML Inc');
    await page.click('button[type=submit]');
    assert.equal(await page.locator('#e-email').textContent(), 'Enter a valid email address');
    assert.equal(await page.inputValue('#f-company'), 'Plain HTML Inc');
    await page.fill('#f-email', 'noscript@example.com');
    await page.check('input[name=consent]');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/registered\//);
    assert.match((await page.locator('#join-url').textContent()) ?? '', /\/j\//);
    await context.close();
  });
});
