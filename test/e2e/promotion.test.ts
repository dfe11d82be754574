import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createEvent, publish } from '../support/fixtures.js';
import { type Harness, setupAdmin } from '../support/harness.js';
import { readQrPng } from '../support/qr.js';
import { startServer } from '../support/server.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations inside `selector` (WCAG 2 A/AA rules). */
async function axeViolations(page: Page, selector: string) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate<string[]>(
    `axe.run(${JSON.stringify(selector)}, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })
      .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' ' + v.nodes.map((n) => n.target).join(' ')))`,
  );
}

async function register(page: Page, name: string, email: string) {
  await page.fill('#f-name', name);
  await page.fill('#f-email', email);
  await page.fill('#f-phone', '+86 138 0013 8000');
  await page.fill('#f-company', 'Example Ltd');
  await page.check('input[name=consent]');
  await page.click('#register button[type=submit]');
  await page.waitForURL(/\/registered\//);
}

describe('invitations in Chromium: share, poster, gate progress on a phone', () => {
  let h: Harness;
  let browser: Browser;
  let base: string;

  before(async () => {
    const server = await startServer('sqlite');
    h = server;
    base = server.baseUrl;
    const admin = await setupAdmin(h);
    const event = await createEvent(admin, {
      slug: 'invite-live',
      title: 'Invite Live Day',
      starts_at: '2030-12-10T14:00',
    });
    await publish(admin, event.id);
    const gate = await admin.request({
      method: 'PUT',
      url: `/api/v1/events/${event.id}/referral-gate`,
      payload: {
        goal: 2,
        reward_kind: 'custom',
        reward_text: 'The full slide deck',
        leaderboard_in_room: true,
      },
    });
    assert.equal(gate.statusCode, 200);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  it('registers on a phone, sees the poster and the progress; a colleague through the personal link moves it', async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const first = await browser.newContext({ ...phone, userAgent: 'Phone A' });
    const page = await first.newPage();
    await page.goto(`${base}/e/invite-live`);
    assert.deepEqual(await axeViolations(page, 'section.share'), []);
    await register(page, 'Zhang San', 'zhang.san@example.com');
    const confirmation = page.url();

    await page.locator('[data-gate-progress]').waitFor();
    assert.equal(await page.locator('[data-gate-progress]').textContent(), '0 of 2 colleagues registered');
    const invite = (await page.locator('#share-url').textContent())?.trim() ?? '';
    assert.match(invite, new RegExp(`^${base}/i/[A-Za-z0-9_-]{14}$`));
    // The poster is on the page, loaded, at its size, and its QR code is the personal link.
    const poster = page.locator('img.poster-preview');
    await poster.scrollIntoViewIfNeeded();
    await page.waitForFunction("document.querySelector('img.poster-preview').naturalWidth > 0");
    assert.equal(
      await page.evaluate<number>("document.querySelector('img.poster-preview').naturalWidth"),
      750,
    );
    const src = await poster.getAttribute('src');
    const png = await page.request.get(src!);
    assert.equal(readQrPng(await png.body()).text, invite);
    assert.deepEqual(await axeViolations(page, 'main'), []);

    // A colleague on another phone opens the personal link and registers.
    const second = await browser.newContext({ ...phone, userAgent: 'Phone B' });
    const colleague = await second.newPage();
    await colleague.goto(invite);
    assert.match(colleague.url(), /\/e\/invite-live\?ref=/);
    await register(colleague, 'Li Lei', 'li.lei@example.com');
    await second.close();

    await page.goto(confirmation);
    assert.equal(await page.locator('[data-gate-progress]').textContent(), '1 of 2 colleagues registered');
    assert.match(
      (await page.locator('section.gate').textContent()) ?? '',
      /Invite 1 more colleague to unlock: The full slide deck/,
    );
    await first.close();
  });
});
