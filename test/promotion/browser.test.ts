import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { eventInput } from '../support/fixtures.js';
import { ADMIN } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { decodePngQr } from './qr.js';

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/**
 * A channel link in real browsers: a phone opens it, lands on the event, registers; the team's
 * console shows the channel, its report and the registrant under that source.
 */
describe('promotion channels in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let eventId = '';
  let channel: { id: string; code: string; link: string; name: string };

  before(async () => {
    server = await startServer('sqlite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets up an event and a channel in the console', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const token = await server.services.accounts.issueSetupToken();
    const setup = await page.request.post(`${server.baseUrl}/api/v1/setup`, { data: { token, ...ADMIN } });
    assert.equal(setup.status(), 200);
    const csrf = { 'x-csrf-token': (await setup.json()).csrf_token as string };
    const created = await page.request.post(`${server.baseUrl}/api/v1/events`, {
      data: eventInput({ slug: 'phone-promo', title: 'Phone Promo Live' }),
      headers: csrf,
    });
    eventId = (await created.json()).event.id;
    await page.request.post(`${server.baseUrl}/api/v1/events/${eventId}/status`, {
      data: { to: 'scheduled' },
      headers: csrf,
    });

    await page.goto(`${server.baseUrl}/admin/#/events/${eventId}/channels`);
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByLabel('Name').fill('WeChat article');
    await page.getByLabel('Kind').selectOption('newsletter');
    await page.getByLabel('Cost').fill('600');
    await page.getByLabel('Currency').fill('CNY');
    await page.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('.channels-table tbody tr', { hasText: 'WeChat article' });
    await row.waitFor();
    const link = ((await row.locator('.channel-link').textContent()) ?? '').trim();
    assert.match(link, new RegExp(`^${server.baseUrl}/c/[2-9a-hjkmnp-tv-z]{7}$`));
    const list = await page.request.get(`${server.baseUrl}/api/v1/events/${eventId}/channels`);
    channel = (await list.json()).channels[0];
    assert.equal(channel.link, link);

    // One click copies the link.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    await row.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), link);

    // The print QR code downloads and reads back to the link.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'QR (PNG, print)' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const qr = decodePngQr(await readFile(path!));
    assert.equal(qr.text, link);
    assert.equal(qr.width, 1200);
    await context.close();
  });

  it('opens the channel link on a phone and registers, credited to the channel', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      userAgent: IPHONE_UA,
      locale: 'en-US',
    });
    const page = await phone.newPage();
    await page.goto(channel.link);
    assert.equal(new URL(page.url()).pathname, '/e/phone-promo');
    assert.equal(new URL(page.url()).searchParams.get('utm_medium'), 'email');
    assert.equal(await page.locator('h1').textContent(), 'Phone Promo Live');
    const cookies = await phone.cookies();
    assert.ok(
      cookies.some((c) => c.name === 'lc_vid' && c.httpOnly),
      'a first-party visitor id',
    );
    await page.fill('#f-name', 'Li Lei');
    await page.fill('#f-email', 'li.lei@example.com');
    await page.fill('#f-phone', '+86 138 0013 8000');
    await page.fill('#f-company', 'Example Ltd');
    await page.check('input[name=consent]');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/registered\//);
    await phone.close();
  });

  it('shows the source in the console: the report and the registrations filter', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const signIn = await page.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, {
      data: { email: ADMIN.email, password: ADMIN.password },
    });
    assert.equal(signIn.status(), 200);
    await page.goto(`${server.baseUrl}/admin/#/events/${eventId}/channels`);
    const reportRow = page.getByTestId('channel-report').locator('tbody tr', { hasText: 'WeChat article' });
    await reportRow.waitFor();
    const cells = await reportRow.locator('td').allTextContents();
    // Name, views, unique visitors, registrations, rate, attendees, live, replay, leads, MQLs,
    // opportunities, revenue won, cost, cost/registration…
    assert.deepEqual(cells.slice(0, 5), ['WeChat article', '1', '1', '1', '100%']);
    assert.deepEqual(cells.slice(8, 12), ['0', '0', '0', '0']);
    assert.match(cells[12] ?? '', /600/);
    assert.match(cells[13] ?? '', /600/);

    await page.goto(`${server.baseUrl}/admin/#/events/${eventId}/registrations`);
    await page.getByText('li.lei@example.com').waitFor();
    await page.getByTestId('source-filter').selectOption({ label: 'WeChat article' });
    await page.getByText('li.lei@example.com').waitFor();
    await page.getByTestId('source-filter').selectOption({ label: 'No channel' });
    await page.getByText('No registrations yet.').waitFor();
    await context.close();
  });
});
