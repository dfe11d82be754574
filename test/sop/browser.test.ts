import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventFields } from '../../src/events/schemas.js';
import { utcToZonedLocal } from '../../src/events/time.js';
import { launchBrowser } from '../support/browser.js';
import { eventInput } from '../support/fixtures.js';
import { ADMIN, dialects, skipReason } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';

/**
 * The project room in a real browser: apply the default template to an event ten days
 * out, tick a T-8 task and watch readiness change; then the timeline on a 360 px phone.
 */
for (const dialect of dialects) {
  describe(`project room in Chromium (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let server: LiveServer;
    let browser: Browser;
    let desktop: BrowserContext;
    let page: Page;
    let eventId = '';

    before(async () => {
      server = await startServer(dialect);
      browser = await launchBrowser();
      desktop = await browser.newContext({
        locale: 'en-US',
        timezoneId: 'UTC',
        viewport: { width: 1280, height: 900 },
      });
      page = await desktop.newPage();
      const token = await server.services.accounts.issueSetupToken();
      const setup = await page.request.post(`${server.baseUrl}/api/v1/setup`, { data: { token, ...ADMIN } });
      assert.equal(setup.status(), 200);
      const { user } = await setup.json();
      const start = utcToZonedLocal(
        new Date(server.clock.now().getTime() + 10 * 86_400_000),
        'Asia/Shanghai',
      ).slice(0, 10);
      const input = eventFields.parse(
        eventInput({ slug: 'room-in-chromium', starts_at: `${start}T14:00`, ends_at: `${start}T15:30` }),
      );
      eventId = (await server.services.events.createEvent({ actorType: 'user', actorId: user.id }, input)).id;
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const roomUrl = () => `${server.baseUrl}/admin/#/events/${eventId}/sop`;
    const openBeforeStart = async (p: Page) => {
      const text = (await p.getByTestId('sop-ready').textContent()) ?? '';
      const n = /(\d+) tasks due before the start/.exec(text);
      assert.ok(n, text);
      return Number(n[1]);
    };

    it('applies the default template, ticks a T-8 task and sees readiness change', async () => {
      await page.goto(roomUrl());
      await page.getByText('No plan yet').waitFor();
      await page.getByRole('button', { name: 'Apply template' }).click();
      await page.getByRole('heading', { name: 'Readiness' }).waitFor();
      const before = await openBeforeStart(page);
      assert.equal(before, 32, 'every task due up to the event day is open');
      const prepare = page.getByRole('progressbar', { name: 'Prepare' });
      assert.equal(await prepare.getAttribute('aria-valuenow'), '0');
      const box = page.getByRole('checkbox', { name: 'Mark done: Distil the event’s theme and highlights' });
      await box.check();
      await page
        .getByTestId('sop-ready')
        .getByText(`${before - 1} tasks due before the start`)
        .waitFor();
      assert.equal(await prepare.getAttribute('aria-valuenow'), '1');
      assert.equal(await box.isChecked(), true);
      const promotion = page.getByRole('progressbar', { name: 'Promotion' });
      assert.equal(await promotion.getAttribute('aria-valuenow'), '1');
      // The server agrees.
      const room = await (await page.request.get(`${server.baseUrl}/api/v1/events/${eventId}/sop`)).json();
      assert.equal(room.readiness.open_before_start, before - 1);
      // The event overview shows the same readiness at a glance.
      await page.goto(`${server.baseUrl}/admin/#/events/${eventId}`);
      await page
        .getByTestId('sop-ready')
        .getByText(`${before - 1} tasks due before the start`)
        .waitFor();
    });

    it('shows the timeline T-21 … T+7 with today marked, readable at 360 px', async () => {
      const phone = await browser.newContext({
        locale: 'en-US',
        timezoneId: 'UTC',
        viewport: { width: 360, height: 740 },
      });
      await phone.addCookies(await desktop.cookies());
      const p = await phone.newPage();
      await p.goto(roomUrl());
      await p.getByRole('heading', { name: 'Readiness' }).waitFor();
      const days = p.locator('.sop-day[data-offset]');
      assert.equal(await days.count(), 29);
      const today = p.locator('.sop-day[aria-current="date"]');
      assert.equal(await today.getAttribute('data-offset'), '-10');
      await today.getByText('Today').waitFor();
      const t8 = p.locator('.sop-day[data-offset="-8"]');
      await t8.scrollIntoViewIfNeeded();
      const task = t8.getByText('Make the event posters and banners');
      assert.ok(await task.isVisible());
      // Browser-side reads go through a string: the test program has no DOM typings.
      const layout = await p.evaluate<{ scroll: number; width: number; cards: number[] }>(
        `({ scroll: document.documentElement.scrollWidth, width: window.innerWidth,
            cards: [...document.querySelectorAll('.sop-task')].map((el) => el.getBoundingClientRect().right) })`,
      );
      assert.ok(layout.scroll <= layout.width, `page scrolls sideways: ${layout.scroll} > ${layout.width}`);
      assert.ok(
        layout.cards.every((right) => right <= layout.width),
        'every task card fits the screen',
      );
      const box = await task.boundingBox();
      assert.ok(box && box.width > 150, 'task titles get room to read');
      await phone.close();
    });
  });
}
