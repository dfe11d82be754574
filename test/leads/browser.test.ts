import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createEvent, publish } from '../support/fixtures.js';
import { addTeammate, dialects, setupAdmin, skipReason } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { ok, register, roomFacts, settle } from './support.js';

/** A lead's breakdown in the console, and a sales user working "my leads" on a phone-sized screen. */
for (const dialect of dialects) {
  describe(`leads in Chromium (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let server: LiveServer;
    let browser: Browser;
    let page: Page;
    let contactId = '';

    before(async () => {
      server = await startServer(dialect);
      const admin = await setupAdmin(server);
      await addTeammate(server, admin, 'sales', 'sally@example.com');
      const event = await createEvent(admin, { slug: 'leads-in-chromium' });
      await publish(admin, event.id);
      const reg = await register(server, event.slug, {
        name: 'Vera VP',
        email: 'vera@acme.example',
        company: 'Acme',
        job_title: 'Vice President',
      });
      contactId = reg.contact_id;
      await roomFacts(server, event.id, reg.id, {
        liveSeconds: 50 * 60,
        interactions: ['offer_download', 'question'],
      });
      await settle(server);
      await ok(admin, { method: 'POST', url: `/api/v1/events/${event.id}/status`, payload: { to: 'live' } });
      await ok(admin, { method: 'POST', url: `/api/v1/events/${event.id}/status`, payload: { to: 'ended' } });
      await server.services.jobs.runDue();
      browser = await launchBrowser();
      const context = await browser.newContext({
        locale: 'en-US',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 390, height: 844 },
      });
      page = await context.newPage();
      const signIn = await page.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, {
        data: { email: 'sally@example.com', password: 'another good password' },
      });
      assert.equal(signIn.status(), 200);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows a sales user their lead with a live countdown, its breakdown, and logs a call', async () => {
      await page.goto(`${server.baseUrl}/admin/#/my-leads`);
      const row = page.locator('.my-lead', { hasText: 'Vera VP' });
      await row.waitFor();
      const first = await row.locator('.countdown').textContent();
      assert.match(first ?? '', /^4[78] h \d+ min left$/);
      await row.getByRole('link', { name: 'Vera VP' }).click();
      await page.getByRole('heading', { name: 'Why this score' }).waitFor();
      const lines = await page.locator('.lead-breakdown li').allTextContents();
      assert.ok(lines.includes('+10 VP title'), lines.join(' | '));
      assert.ok(lines.includes('+15 downloaded 1 offer'), lines.join(' | '));
      assert.ok(lines.includes('+10 watched 50 min live'), lines.join(' | '));
      await page.locator('select[name=kind]').selectOption('call');
      await page.locator('input[name=outcome]').fill('connected');
      await page.locator('input[name=note]').fill('Demo next Tuesday');
      await page.getByRole('button', { name: 'Log' }).click();
      await page.locator('.lead-touches li', { hasText: 'Demo next Tuesday' }).waitFor();
      await page.locator('select[name=to]').selectOption('accepted');
      await page.getByRole('button', { name: 'Move' }).click();
      await page.locator('.lead-history li', { hasText: 'MQL → Accepted' }).waitFor();
      await page.goto(`${server.baseUrl}/admin/#/my-leads`);
      await page.locator('.my-lead', { hasText: 'Vera VP' }).getByText('Followed up').waitFor();
      const lead = await (await page.request.get(`${server.baseUrl}/api/v1/leads/${contactId}`)).json();
      assert.equal(lead.lead.stage, 'accepted');
      assert.ok(lead.assignments[0].first_touch_at);
    });
  });
}
