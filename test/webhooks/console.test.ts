import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { launchBrowser } from '../support/browser.js';
import { ADMIN, dialects, type StaffClient, setupAdmin, skipReason } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { startReceiver } from './receiver.js';

/** Rotating a webhook secret in the console: confirmed, the new secret shown once, and it signs. */
for (const dialect of dialects) {
  describe(`webhook secret rotation in Chromium (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let server: LiveServer;
    let browser: Browser;
    let admin: StaffClient;
    let rx: Awaited<ReturnType<typeof startReceiver>>;

    before(async () => {
      server = await startServer(dialect, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
      admin = await setupAdmin(server);
      rx = await startReceiver();
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await rx?.close();
      await server?.close();
    });

    it('rotates after a confirmation and shows the new secret once, which then signs deliveries', async () => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/v1/webhooks/subscriptions',
        payload: { url: rx.url, event_types: ['lead.mql'], description: 'CRM' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id, secret: oldSecret } = created.json().subscription as { id: string; secret: string };
      const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
      const signIn = await page.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, {
        data: { email: ADMIN.email, password: ADMIN.password },
      });
      assert.equal(signIn.status(), 200);
      await page.goto(`${server.baseUrl}/admin/#/webhooks`);
      const row = page.locator('table.subscriptions tr', { hasText: rx.url });
      await row.getByRole('button', { name: 'Rotate secret' }).click();
      // Cancelling changes nothing.
      await page.locator('.modal').getByRole('button', { name: 'Cancel' }).click();
      assert.equal(await page.locator('.secret-once').count(), 0);
      await row.getByRole('button', { name: 'Rotate secret' }).click();
      await page.locator('.modal').getByRole('button', { name: 'Rotate secret' }).click();
      const shown = page.locator('.secret-once input[aria-label="Signing secret"]');
      await shown.waitFor();
      const newSecret = await shown.inputValue();
      assert.match(newSecret, /^whsec_/);
      assert.notEqual(newSecret, oldSecret);
      await row.locator('.previous-secret', { hasText: 'Previous secret also signs until' }).waitFor();

      // The shown secret is the one that signs now (the old one still does, for a day).
      rx.setSecret(newSecret);
      const ping = await admin.request({ method: 'POST', url: `/api/v1/webhooks/subscriptions/${id}/ping` });
      assert.equal(ping.statusCode, 202);
      await server.services.jobs.runDue();
      const got = rx.received.at(-1)!;
      assert.ok(!(got.verified instanceof Error), String(got.verified));
      const headers = {
        'webhook-id': got.id,
        'webhook-timestamp': got.timestamp,
        'webhook-signature': got.signature,
      };
      assert.doesNotThrow(() => new Webhook(oldSecret).verify(got.body, headers));

      // Once dismissed, the secret is gone from the page; reloading does not bring it back.
      await page.getByRole('button', { name: 'I have saved it' }).click();
      assert.equal(await page.locator('.secret-once').count(), 0);
      await page.reload();
      await row.waitFor();
      assert.equal(await page.getByText(newSecret).count(), 0);
      assert.equal(await page.locator(`input[value="${newSecret}"]`).count(), 0);
    });
  });
}
