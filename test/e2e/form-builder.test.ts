import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createEvent, publish } from '../support/fixtures.js';
import { ADMIN, type StaffClient, setupAdmin } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { signIn } from './support/console.js';

/**
 * The conversion group designs an event's form in the console (a custom single-choice field
 * with labels in both languages, reordered, with the preview), then a visitor on a phone
 * registers through it on the landing page, and the answer is stored with the registration.
 */
describe('registration form builder in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let admin: StaffClient;
  let event: { id: string; slug: string };

  before(async () => {
    server = await startServer('sqlite');
    admin = await setupAdmin(server);
    event = await createEvent(admin, { slug: 'form-day', title: 'Form Day' });
    await publish(admin, event.id);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('designs a form with a custom field in the console and registers through it on a phone', async () => {
    const desk = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await desk.newPage();
    await page.goto(`${server.baseUrl}/admin/#/events/${event.id}/form`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${server.baseUrl}/admin/#/events/${event.id}/form`);
    await page.getByRole('heading', { name: 'Registration form', exact: true }).waitFor();

    // Add an industry field and a custom single choice with two bilingual choices.
    await page.getByLabel('Field type').selectOption('industry');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.getByLabel('Field type').selectOption('single_choice');
    await page.getByRole('button', { name: 'Add field' }).click();
    const row = page.locator('.form-field-row[data-key="single_choice"]');
    await row.getByLabel('Key').fill('interest');
    const custom = page.locator('.form-field-row[data-key="interest"]');
    await custom.getByLabel('Label (English)').first().fill('What brings you here?');
    await custom.getByLabel('Label (Chinese)').first().fill('您关注什么？');
    await custom.getByLabel('Required').check();
    const choice = custom.locator('.choice-row').first();
    await choice.getByLabel('Value').fill('leads');
    await choice.getByLabel('Label (English)').fill('More leads');
    await choice.getByLabel('Label (Chinese)').fill('更多线索');
    await custom.getByRole('button', { name: 'Add choice' }).click();
    const second = custom.locator('.choice-row').nth(1);
    await second.getByLabel('Value').fill('brand');
    await second.getByLabel('Label (English)').fill('Brand');
    await second.getByLabel('Label (Chinese)').fill('品牌');
    // Move the custom field above the industry field.
    await custom.getByRole('button', { name: 'Move interest up' }).click();
    // The preview shows it, in Chinese too.
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await preview.getByText('What brings you here?').waitFor();
    await preview.getByLabel('Preview language').selectOption('zh-CN');
    await preview.getByText('您关注什么？').waitFor();

    await page.getByRole('button', { name: 'Save form' }).click();
    await page.getByText('Form saved (version 1).').waitFor();
    const saved = (await admin.request({ url: `/api/v1/events/${event.id}/form` })).json().form;
    assert.deepEqual(
      saved.fields.map((f: { key: string }) => f.key),
      ['name', 'email', 'phone', 'company', 'job_title', 'interest', 'industry'],
    );
    await desk.close();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
    });
    const visitor = await phone.newPage();
    await visitor.goto(`${server.baseUrl}/e/form-day`);
    await visitor.fill('#f-name', 'Zhao Lei');
    await visitor.fill('#f-email', 'zhao.lei@example.com');
    await visitor.fill('#f-phone', '139 1234 5678');
    await visitor.fill('#f-company', 'Lei Tech');
    await visitor.check('#f-consent');
    // Submitting without the required custom answer shows its error, focused in the summary.
    await visitor.getByRole('button', { name: 'Register' }).click();
    await visitor.locator('#e-interest').waitFor();
    assert.match((await visitor.locator('#reg-errors').textContent()) ?? '', /What brings you here\?/);
    const box = await visitor.locator('#f-interest').boundingBox();
    assert.ok(box && box.width <= 390, 'the select fits the phone screen');
    await visitor.selectOption('#f-interest', 'brand');
    await visitor.selectOption('#f-industry', 'software');
    await visitor.getByRole('button', { name: 'Register' }).click();
    await visitor.waitForURL(/\/registered\//);
    await phone.close();

    const db = server.services.db.kysely;
    const registration = await db
      .selectFrom('registrations')
      .selectAll()
      .where('email', '=', 'zhao.lei@example.com')
      .executeTakeFirstOrThrow();
    assert.equal(registration.phone, '+8613912345678');
    const answers = await admin.request({
      url: `/api/v1/events/${event.id}/registrations/${registration.id}/answers`,
    });
    const byKey = Object.fromEntries(
      answers.json().answers.map((a: { key: string; value: unknown }) => [a.key, a.value]),
    );
    assert.equal(byKey.interest, 'brand');
    assert.equal(byKey.industry, 'software');
  });
});
