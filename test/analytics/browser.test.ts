import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { ADMIN, dialects, skipReason } from '../support/harness.js';
import { insertEvent } from '../support/rows.js';
import { type LiveServer, startServer } from '../support/server.js';
import { seedScenario } from './scenario.js';

/** CSV as the export writes it (BOM, CRLF, every field quoted) → rows of cells. */
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
}

/**
 * The analytics tab in a real browser: charts and tables with the generated scenario, the
 * empty states of an event without facts, a chart's table against its CSV, and a phone.
 */
for (const dialect of dialects) {
  describe(`analytics in Chromium (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let server: LiveServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let mainId = '';
    let emptyId = '';

    before(async () => {
      server = await startServer(dialect);
      browser = await launchBrowser();
      context = await browser.newContext({
        locale: 'en-US',
        timezoneId: 'UTC',
        viewport: { width: 1280, height: 900 },
      });
      page = await context.newPage();
      const token = await server.services.accounts.issueSetupToken();
      const setup = await page.request.post(`${server.baseUrl}/api/v1/setup`, { data: { token, ...ADMIN } });
      assert.equal(setup.status(), 200);
      const db = server.services.db.kysely;
      mainId = (await seedScenario(db)).main.id;
      emptyId = (await insertEvent(db, { slug: 'analytics-nothing', title: 'Nothing yet' })).id;
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('draws the dashboard and live report with the scenario’s figures', async () => {
      await page.goto(`${server.baseUrl}/admin/#/events/${mainId}/analytics`);
      const kpis = page.getByTestId('analytics-kpis');
      await kpis.getByText('1,000').waitFor();
      assert.match((await kpis.textContent()) ?? '', /Attendance rate\s*40%/);
      assert.match((await kpis.textContent()) ?? '', /Peak concurrent viewers\s*130\s*at 14:30/);
      // Each chart with rows is drawn (ECharts, loaded on demand) and described for screen readers.
      await page.locator('[data-chart="channels"] .analytics-chart svg').waitFor();
      await page.locator('[data-chart="minutes"] .analytics-chart svg').waitFor();
      // Not-yet-available sources say what is missing instead of showing zeros.
      await page.getByText('Landing-page visits are not available yet').waitFor();
      // Lead figures come from the stage history: 60 MQLs, 12 opportunities, 60,000 won.
      assert.match((await kpis.textContent()) ?? '', /MQLs\s*60\s*12 opportunities/);
      assert.match((await kpis.textContent()) ?? '', /Revenue won\s*60,000/);
      assert.equal(
        await page.getByText('Leads, MQLs, opportunities and deals are not available yet').count(),
        0,
      );
      const poll = page.locator('[data-table="polls"] tbody tr').first();
      assert.deepEqual(await poll.locator('td').allTextContents(), [
        'Which channel works best?',
        'WeChat',
        '60',
        '0.6',
        '100',
      ]);
    });

    it('shows a chart’s table with exactly the rows of its CSV', async () => {
      await page.goto(`${server.baseUrl}/admin/#/events/${mainId}/analytics`);
      const card = page.locator('[data-chart="channels"]');
      await card.getByRole('button', { name: 'Show table' }).click();
      const table = card.locator('table');
      await table.waitFor();
      const header = await table.locator('thead th').allTextContents();
      const shown = [header];
      for (const row of await table.locator('tbody tr').all())
        shown.push(await row.locator('td').allTextContents());
      const csvHref = await card.getByRole('link', { name: 'CSV' }).getAttribute('href');
      const csv = parseCsv(await (await page.request.get(`${server.baseUrl}${csvHref}`)).text());
      const columns = await table
        .locator('th')
        .evaluateAll((ths) => ths.map((th) => th.getAttribute('data-column')));
      assert.deepEqual(columns, csv[0]);
      assert.deepEqual(
        shown.slice(1).map((row) => row.map((cell) => (cell === '—' ? '' : cell))),
        csv.slice(1),
      );
      assert.equal(shown.length, 5);
    });

    it('says what is missing for an event without facts, and draws no zeros', async () => {
      await page.goto(`${server.baseUrl}/admin/#/events/${emptyId}/analytics`);
      await page.getByTestId('analytics').waitFor();
      assert.equal(await page.getByText('No registrations yet.').count(), 4);
      await page.getByText('No viewers were counted in the live room yet.').waitFor();
      await page.getByText('No viewers have watched yet.').waitFor();
      assert.equal(await page.locator('.analytics-chart').count(), 0);
    });

    it('fits a phone and lists every event in the weekly review', async () => {
      const phone = await browser.newContext({
        locale: 'en-US',
        timezoneId: 'UTC',
        viewport: { width: 375, height: 740 },
        isMobile: true,
        hasTouch: true,
        storageState: await context.storageState(),
      });
      const p = await phone.newPage();
      await p.goto(`${server.baseUrl}/admin/#/events/${mainId}/analytics`);
      await p.locator('[data-chart="days"] .analytics-chart svg').waitFor();
      const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
      await p.goto(`${server.baseUrl}/admin/#/review`);
      const review = p.locator('[data-table="weekly_review"]');
      await review.getByRole('link', { name: 'Year-old event' }).waitFor();
      assert.equal(await review.locator('tbody tr').count(), 3);
      const overflowReview = await p.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      assert.ok(overflowReview <= 0, `the review scrolls sideways by ${overflowReview}px`);
      await phone.close();
    });

    it('turns the weekly review email on from the review page; an admin sets its send time', async () => {
      await page.goto(`${server.baseUrl}/admin/#/review`);
      const toggle = page.getByLabel('Email me this review every week');
      await toggle.waitFor();
      assert.equal(await toggle.isChecked(), false, 'off by default');
      await page.getByText('Sent Mondays at 09:00 (UTC)').waitFor();
      await toggle.check();
      await page.reload();
      await page.getByLabel('Email me this review every week').waitFor();
      assert.equal(await page.getByLabel('Email me this review every week').isChecked(), true);
      await page.getByRole('link', { name: 'Change when it is sent' }).click();
      const card = page.getByTestId('weekly-email-schedule');
      await card.getByLabel('Day').selectOption({ label: 'Friday' });
      await card.getByLabel('Hour').selectOption('17');
      await card.getByLabel('Time zone').selectOption('Asia/Shanghai');
      await card.getByRole('button', { name: 'Save' }).click();
      await card.getByText('Saved.').waitFor();
      await page.goto(`${server.baseUrl}/admin/#/review`);
      await page.getByText('Sent Fridays at 17:00 (Asia/Shanghai)').waitFor();
    });
  });
}
