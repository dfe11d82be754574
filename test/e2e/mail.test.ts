import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createEvent, publish } from '../support/fixtures.js';
import { ADMIN, setupAdmin } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { signIn } from './support/console.js';

describe('the outbox in the admin console', () => {
  let server: LiveServer;
  let browser: Browser;
  before(async () => {
    server = await startServer('sqlite');
    const admin = await setupAdmin(server);
    const event = await createEvent(admin, { slug: 'mail-e2e', title: 'Outbox Day' });
    await publish(admin, event.id);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the confirmation a registrant would have received, with the join link', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/public/events/mail-e2e/registrations',
      payload: {
        name: 'Mail Reader',
        email: 'reader@example.com',
        phone: '13800138000',
        company: 'Acme',
        consent: true,
      },
    });
    const joinUrl = res.json().registration.join_url as string;
    await server.services.jobs.runDue();

    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/admin/#/sign-in`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Mail' }).click();
    await page.getByText("You're registered: Outbox Day").waitFor();
    assert.ok(await page.getByText('In outbox').isVisible());
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('.mail-body pre').waitFor();
    assert.ok(((await page.locator('.mail-body pre').textContent()) ?? '').includes(joinUrl));
    assert.match((await page.locator('.mail-body').textContent()) ?? '', /mail-e2e\.ics/);
    await page.close();
  });
});
