import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createEvent, publish } from '../support/fixtures.js';
import { ADMIN, setupAdmin } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { startSmtpPeer } from '../support/smtp.js';
import { confirm, signIn } from './support/console.js';

const MJML = (text: string) =>
  `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n<mj-text>${text}</mj-text>\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>`;

describe("an event's Email tab in the console", () => {
  let server: LiveServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let eventId: string;
  before(async () => {
    smtp = await startSmtpPeer();
    server = await startServer('sqlite', { SMTP_URL: smtp.url, MAIL_RATE_PER_MINUTE: '0' });
    const admin = await setupAdmin(server);
    const event = await createEvent(admin, { slug: 'email-e2e', title: 'Inbox Day' });
    await publish(admin, event.id);
    eventId = event.id;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  const frameWidth = (page: Page, width: number) =>
    page.locator(`iframe[data-width="${width}"]`).evaluate((el) => el.getBoundingClientRect().width);

  it('edits a template with its errors shown by line and field, previews it at 360 px and 1280 px without scripts, and sends a test', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.baseUrl}/admin/#/sign-in`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${server.baseUrl}/admin/#/events/${eventId}/email`);
    const step = page.locator('.email-step', { hasText: 'Reminder the day before' });
    await step.waitFor();
    assert.match((await step.textContent()) ?? '', /Due /);
    await step.getByRole('button', { name: 'Edit wording' }).click();
    await page.getByRole('heading', { name: 'Wording: Reminder the day before' }).waitFor();

    await page.getByLabel('Subject').fill('See you tomorrow, {{name}}');
    await page.getByLabel('Body (MJML)').fill(MJML('Hello {{nme}}'));
    const problems = page.locator('.email-problems');
    await problems.getByText('Body, line 5: Unknown merge field {{nme}}').waitFor();

    await page.getByLabel('Body (MJML)').fill(MJML('Hello '));
    // Put the cursor before "</mj-text>", then insert the field from the merge-field help.
    await page.evaluate(`(() => {
      const el = document.querySelector('#email-body');
      const at = el.value.indexOf('</mj-text>');
      el.focus();
      el.setSelectionRange(at, at);
    })()`);
    await page.getByRole('button', { name: 'Insert {{name}}' }).click();
    assert.match(await page.getByLabel('Body (MJML)').inputValue(), /Hello \{\{name\}\}<\/mj-text>/);
    await problems.waitFor({ state: 'detached' });

    const phone = page.frameLocator('iframe[data-width="360"]');
    const desktop = page.frameLocator('iframe[data-width="1280"]');
    await phone.getByText('Hello Ada Admin').waitFor();
    await desktop.getByText('Hello Ada Admin').waitFor();
    assert.equal(await frameWidth(page, 360), 360);
    assert.equal(await frameWidth(page, 1280), 1280);
    for (const width of [360, 1280]) {
      const sandbox = await page.locator(`iframe[data-width="${width}"]`).getAttribute('sandbox');
      assert.equal(sandbox, '', 'sandboxed with no permission: no script runs');
    }
    await page.getByText('Subject: See you tomorrow, Ada Admin').waitFor();

    await page.getByRole('button', { name: 'Save wording' }).click();
    await page.getByText('Wording saved.').waitFor();
    await page.getByRole('button', { name: 'Send a test to me' }).click();
    await page.getByText(`A test email is on its way to ${ADMIN.email}.`).waitFor();
    for (let i = 0; i < 100 && smtp.received.length === 0; i++) {
      await server.services.jobs.runDue();
      await new Promise((r) => setTimeout(r, 50));
    }
    const [test] = smtp.received;
    assert.equal(test?.subject, '[TEST] See you tomorrow, Ada Admin');
    assert.match(test?.html || '', /Hello Ada Admin/);

    // On a phone the editor is one column and the desktop preview scrolls inside its box.
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await frameWidth(page, 1280), 1280);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the page itself does not scroll sideways (${overflow} px)`);
    await page.close();
  });

  it('adds an address to the suppression list and takes it off again', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/admin/#/sign-in`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${server.baseUrl}/admin/#/events/${eventId}/email`);
    await page.getByRole('link', { name: 'Suppression list' }).click();
    await page.getByRole('heading', { name: 'Suppression list' }).waitFor();
    await page.getByLabel('Email').fill('Bounced@Example.com');
    await page.getByLabel('Note (optional)').fill('asked by phone');
    await page.getByRole('button', { name: 'Suppress' }).click();
    await page.getByRole('cell', { name: 'bounced@example.com', exact: true }).waitFor();
    assert.ok(await page.getByText('Added by the team').isVisible());
    await page.getByRole('button', { name: 'Remove bounced@example.com' }).click();
    await confirm(page, 'Confirm');
    await page.getByText('No suppressed addresses.').waitFor();
    await page.close();
  });
});
