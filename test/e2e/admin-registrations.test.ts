import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { registrationInput } from '../../src/registration/schemas.js';
import { launchBrowser } from '../support/browser.js';
import { createEvent, publish } from '../support/fixtures.js';
import { ADMIN, addTeammate, dialects, setupAdmin, skipReason } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { confirm, signIn } from './support/console.js';

/**
 * The registrations table as a marketer works it: where each person came from (channel,
 * invitation or direct, and the link's UTM tags), whether the registration stands, revoke
 * and restore (the join link stops and starts working), and counts in the language's plural
 * form. A sales teammate reads the table without the revoke action.
 */
for (const dialect of dialects) {
  describe(`registrations table (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let server: LiveServer;
    let browser: Browser;
    let page: Page;
    let eventId = '';
    const tokens: Record<string, string> = {};

    before(async () => {
      server = await startServer(dialect);
      const admin = await setupAdmin(server);
      await addTeammate(server, admin, 'sales');
      const event = await createEvent(admin, { title: 'Pipeline from webinars' });
      eventId = event.id;
      await publish(admin, event.id);
      const row = await server.services.events.getEvent(event.id);
      const people = [
        {
          name: 'Ada Channel',
          email: 'ada@example.com',
          channel: 'newsletter',
          utm_source: 'mailchimp',
          utm_medium: 'email',
          utm_campaign: 'spring-launch',
        },
        { name: 'Bo Direct', email: 'bo@example.com' },
        { name: 'Cy Invited', email: 'cy@example.com' },
      ];
      for (const person of people) {
        const input = registrationInput.parse({
          ...person,
          phone: '+49 30 1234567',
          company: 'Acme',
          consent: true,
        });
        const { registration } = await server.services.registrations.register(row, input, {
          locale: 'en',
          consentText: 'ok',
        });
        tokens[person.name] = registration.join_token;
      }
      const ada = await server.services.db.kysely
        .selectFrom('registrations')
        .select('id')
        .where('email', '=', 'ada@example.com')
        .executeTakeFirstOrThrow();
      await server.services.db.kysely
        .updateTable('registrations')
        .set({ referred_by: ada.id })
        .where('email', '=', 'cy@example.com')
        .execute();
      browser = await launchBrowser();
      page = await (
        await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
      ).newPage();
      await page.goto(`${server.baseUrl}/admin/#/sign-in`);
      await signIn(page, ADMIN.email, ADMIN.password);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const row = (name: string) => page.locator('.registrations-table tbody tr', { hasText: name });
    const cell = (name: string, column: string) => row(name).locator(`td[data-label="${column}"]`);
    const text = async (locator: ReturnType<Page['locator']>) => (await locator.textContent())?.trim();

    it('shows each registration’s source with its UTM tags, and its status', async () => {
      await page.goto(`${server.baseUrl}/admin/#/events/${eventId}/registrations`);
      await page.getByText('3 registrations', { exact: true }).waitFor();
      assert.equal(await text(cell('Ada Channel', 'Source').locator('.source')), 'newsletter');
      assert.equal(
        await text(cell('Ada Channel', 'Source').locator('.utm')),
        'mailchimp · email · spring-launch',
      );
      assert.equal(await text(cell('Bo Direct', 'Source')), 'Direct');
      assert.equal(await text(cell('Cy Invited', 'Source')), 'Invited by a registrant');
      for (const name of ['Ada Channel', 'Bo Direct', 'Cy Invited'])
        assert.equal(await text(cell(name, 'Status')), 'Registered');
    });

    it('revokes a registration after confirming: its join link stops working; restoring brings it back', async () => {
      assert.equal((await fetch(`${server.baseUrl}/j/${tokens['Bo Direct']}`)).status, 200);
      await page.getByRole('button', { name: 'Revoke the registration of Bo Direct' }).click();
      await page.getByRole('dialog').getByText('Their join link stops working').waitFor();
      await confirm(page, 'Revoke');
      await page.getByText('Registration of Bo Direct revoked.').waitFor();
      assert.equal(await text(cell('Bo Direct', 'Status')), 'Revoked');
      assert.equal((await fetch(`${server.baseUrl}/j/${tokens['Bo Direct']}`)).status, 404);

      await page.getByRole('button', { name: 'Restore the registration of Bo Direct' }).click();
      await page.getByText('Registration of Bo Direct restored.').waitFor();
      assert.equal(await text(cell('Bo Direct', 'Status')), 'Registered');
      assert.equal((await fetch(`${server.baseUrl}/j/${tokens['Bo Direct']}`)).status, 200);
    });

    it('counts in the plural form of the language: "1 registration", "共 1 条报名"', async () => {
      await page.getByPlaceholder('Search name, email, company').fill('Ada');
      await page.getByText('1 registration', { exact: true }).waitFor();
      const context = await browser.newContext({ locale: 'zh-CN' });
      const zh = await context.newPage();
      await zh.goto(`${server.baseUrl}/admin/#/sign-in`);
      await zh.locator('input[type=email]').fill(ADMIN.email);
      await zh.locator('input[type=password]').fill(ADMIN.password);
      await zh.locator('form button[type=submit]').click();
      await zh.locator('.topbar nav').waitFor();
      const me = await (await zh.request.get(`${server.baseUrl}/api/v1/me`)).json();
      await zh.request.patch(`${server.baseUrl}/api/v1/me`, {
        data: { locale: 'zh-CN' },
        headers: { 'x-csrf-token': me.csrf_token },
      });
      await zh.goto(`${server.baseUrl}/admin/#/events/${eventId}/registrations`);
      await zh.reload();
      await zh.getByText('共 3 条报名', { exact: true }).waitFor();
      await zh.getByPlaceholder('搜索姓名、邮箱、公司').fill('Ada');
      await zh.getByText('共 1 条报名', { exact: true }).waitFor();
      assert.equal(
        await text(zh.locator('td[data-label="来源"] .utm').first()),
        'mailchimp · email · spring-launch',
      );
      assert.equal(await text(zh.locator('td[data-label="状态"]').first()), '已报名');
      await context.close();
    });

    it('shows a sales teammate the table without the revoke action', async () => {
      const context = await browser.newContext({ locale: 'en-US' });
      const sales = await context.newPage();
      await sales.goto(`${server.baseUrl}/admin/#/sign-in`);
      await signIn(sales, 'sales@example.com', 'another good password');
      await sales.goto(`${server.baseUrl}/admin/#/events/${eventId}/registrations`);
      await sales.getByText('3 registrations', { exact: true }).waitFor();
      assert.equal(await sales.getByRole('button', { name: /Revoke/ }).count(), 0);
      await context.close();
    });
  });
}
