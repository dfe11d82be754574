import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { registrationInput } from '../../src/registration/schemas.js';
import { launchBrowser } from '../support/browser.js';
import { dialects, skipReason } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { confirm, signIn, tinyPng } from './support/console.js';

const ADMIN = { name: 'Grace Admin', email: 'grace@example.com', password: 'a long enough password' };
const TITLE = 'Zero-downtime Postgres upgrades';

/**
 * The admin console in a real browser against a real server: first-run setup, sign-out
 * and sign-in, an event built with a speaker, an agenda session and a cover, published;
 * its registrations searched, sorted, paged and exported; then a sales teammate invited by
 * link who sees the event without any edit controls and switches the console to Chinese.
 */
for (const dialect of dialects) {
  describe(`admin console end to end (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let server: LiveServer;
    let browser: Browser;
    let page: Page;
    let eventId = '';

    before(async () => {
      server = await startServer(dialect);
      browser = await launchBrowser();
      page = await (
        await browser.newContext({
          locale: 'en-US',
          timezoneId: 'UTC',
          viewport: { width: 1280, height: 800 },
        })
      ).newPage();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const admin = (path: string) => `${server.baseUrl}/admin/#${path}`;
    const apiGet = async (path: string) => {
      const res = await page.request.get(`${server.baseUrl}${path}`);
      assert.equal(res.status(), 200, `${path}: ${await res.text()}`);
      return res.json();
    };

    it('without the setup link, tells the user to open it from the server log', async () => {
      await page.goto(admin('/events'));
      await page.getByText('Open the setup link printed in the server log').waitFor();
    });

    it('creates the first administrator from the setup link, signs out and back in', async () => {
      const token = await server.services.accounts.issueSetupToken();
      assert.ok(token);
      await page.goto(admin(`/setup/${token}`));
      await page.getByLabel('Name').fill(ADMIN.name);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill('too short');
      await page.getByRole('button', { name: 'Create administrator' }).click();
      await page.getByText('Use at least 10 characters').waitFor();

      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Create administrator' }).click();
      await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
      await page.getByText(ADMIN.name).waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to LeadCast' }).waitFor();
      assert.equal((await page.request.get(`${server.baseUrl}/api/v1/me`)).status(), 401);

      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Email or password is incorrect').waitFor();
      await signIn(page, ADMIN.email, ADMIN.password);
    });

    it('changes the password from the account page, with the wrong current password refused', async () => {
      await page.getByRole('link', { name: 'Account' }).click();
      await page.getByLabel('Current password').fill('not the password');
      await page.getByLabel('New password').fill('an even longer password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.locator('.field.has-error', { hasText: 'Current password' }).waitFor();
      await page.getByLabel('Current password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed.').waitFor();
      const old = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      });
      assert.equal(old.status, 401);
      await page.getByRole('link', { name: 'Events' }).click();
    });

    it('creates an event, showing field errors next to the fields first', async () => {
      await page.getByRole('link', { name: 'New event' }).click();
      await page.getByRole('button', { name: 'Create event' }).click();
      await page.locator('.field.has-error', { hasText: 'Title' }).waitFor();

      await page.getByLabel('Title').fill(TITLE);
      await page.getByLabel('Summary').fill('How we upgrade a 2 TB cluster without a maintenance window.');
      await page.getByLabel('Topic').fill('Database upgrades');
      await page.getByLabel('Target audience').fill('Platform engineers');
      await page.getByLabel('Pain point').fill('Upgrades mean downtime');
      await page.getByLabel('Why now').fill('PostgreSQL 13 reaches end of life');
      await page.getByLabel('Format').selectOption('interview');
      await page.getByLabel('Time zone').selectOption('Europe/Berlin');
      await page.getByLabel('Starts').fill('2031-03-04T15:00');
      await page.getByLabel('Ends').fill('2031-03-04T16:30');
      await page
        .getByLabel('Consent text')
        .fill('I agree that the organiser may contact me about this event.');
      await page.getByRole('button', { name: 'Create event' }).click();
      await page.getByRole('heading', { name: TITLE }).waitFor();
      eventId = /#\/events\/([^/]+)/.exec(page.url())?.[1] ?? '';
      assert.ok(eventId, `event page URL: ${page.url()}`);

      const { event } = await apiGet(`/api/v1/events/${eventId}`);
      assert.equal(event.status, 'draft');
      assert.equal(event.timezone, 'Europe/Berlin');
      assert.equal(event.starts_at, '2031-03-04T14:00:00.000Z');
      assert.equal(event.format, 'interview');
    });

    it('asks before leaving an event with unsaved changes; saved changes leave without asking', async () => {
      const summary = page.getByLabel('Summary');
      const original = await summary.inputValue();
      await summary.fill('An edit nobody saved');
      await page.getByRole('link', { name: 'Events', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('You have unsaved changes').waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.match(page.url(), new RegExp(`#/events/${eventId}$`));
      assert.equal(await summary.inputValue(), 'An edit nobody saved');

      await page.getByRole('link', { name: 'Events', exact: true }).click();
      await confirm(page, 'Discard changes');
      await page.getByRole('link', { name: 'New event' }).waitFor();
      assert.match(page.url(), /#\/events$/);
      assert.equal((await apiGet(`/api/v1/events/${eventId}`)).event.summary, original);

      await page.goto(admin(`/events/${eventId}`));
      assert.equal(await summary.inputValue(), original);
      await summary.fill(`${original} Live Q&A included.`);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved.').waitFor();
      await page.getByRole('link', { name: 'Events', exact: true }).click();
      await page.getByRole('link', { name: 'New event' }).waitFor();
      assert.equal(await page.getByRole('dialog').count(), 0);
      assert.equal(
        (await apiGet(`/api/v1/events/${eventId}`)).event.summary,
        `${original} Live Q&A included.`,
      );
      await page.goto(admin(`/events/${eventId}`));
      await page.getByRole('heading', { name: TITLE }).waitFor();
    });

    it('uploads a cover, adds a speaker with a photo and an agenda session with that speaker', async () => {
      await page
        .locator('input[name="cover"]')
        .setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: tinyPng });
      await page.locator('img.cover-preview').waitFor();

      await page.getByRole('link', { name: 'Speakers' }).click();
      await page.getByRole('button', { name: 'Add speaker' }).click();
      await page.getByLabel('Name').fill('Lin Wei');
      await page.getByLabel('Job title').fill('Principal Engineer');
      await page.getByLabel('Company').fill('Acme Cloud');
      await page.getByLabel('Tier').selectOption('customer');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('.speaker-card', { hasText: 'Lin Wei' }).waitFor();
      await page
        .locator('input[name="photo"]')
        .setInputFiles({ name: 'lin.png', mimeType: 'image/png', buffer: tinyPng });
      await page.locator('.speaker-card img.avatar').waitFor();

      await page.getByRole('link', { name: 'Agenda' }).click();
      await page.getByRole('button', { name: 'Add session' }).click();
      await page.getByLabel('Title').fill('Logical replication, step by step');
      await page.getByLabel('Starts').fill('2031-03-04T15:10');
      await page.getByLabel('Ends').fill('2031-03-04T15:50');
      await page.getByLabel('Lin Wei').check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('.agenda-item', { hasText: 'Logical replication' }).waitFor();

      const detail = await apiGet(`/api/v1/events/${eventId}`);
      assert.ok(detail.event.cover_url);
      assert.equal(detail.speakers.length, 1);
      assert.ok(detail.speakers[0].photo_url);
      assert.deepEqual(detail.agenda[0].speaker_ids, [detail.speakers[0].id]);
      assert.equal(detail.agenda[0].starts_at, '2031-03-04T14:10:00.000Z');
    });

    it('puts speakers in order with the move buttons', async () => {
      await page.getByRole('link', { name: 'Speakers' }).click();
      await page.getByRole('button', { name: 'Add speaker' }).click();
      await page.getByLabel('Name').fill('Zhao Min');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('.speaker-card', { hasText: 'Zhao Min' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Move Zhao Min down' }).isDisabled(), true);
      await page.getByRole('button', { name: 'Move Zhao Min up' }).click();
      await page.locator('.speaker-card').first().filter({ hasText: 'Zhao Min' }).waitFor();
      const detail = await apiGet(`/api/v1/events/${eventId}`);
      assert.deepEqual(
        detail.speakers.map((x: { name: string }) => x.name),
        ['Zhao Min', 'Lin Wei'],
      );
    });

    it('publishes the event after confirmation; its landing page is public', async () => {
      await page.getByRole('button', { name: 'Publish' }).click();
      await confirm(page, 'Publish');
      await page.locator('.event-header .badge', { hasText: 'Scheduled' }).waitFor();
      const { event } = await apiGet(`/api/v1/events/${eventId}`);
      assert.equal(event.status, 'scheduled');

      const landing = await fetch(`${server.baseUrl}/e/${event.slug}`);
      assert.equal(landing.status, 200);
      assert.match(await landing.text(), new RegExp(TITLE));
    });

    it('tunes the event’s chat screen: a bad threshold is a field error, a saved change is audit-logged', async () => {
      await page.goto(admin(`/events/${eventId}/moderation`));
      await page.getByRole('heading', { name: 'Chat screen' }).waitFor();
      await page.getByLabel('Block from (points)').fill('30');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('block_at must be above hold_at').waitFor();
      assert.equal((await apiGet(`/api/v1/events/${eventId}/moderation/policy`)).customised, false);

      await page.getByLabel('Block from (points)').fill('90');
      await page.getByLabel('Hold for review from (points)').fill('50');
      await page.getByRole('checkbox', { name: 'Links (with or without http://)' }).uncheck();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('button', { name: 'Back to the defaults' }).waitFor();
      const { policy, customised } = await apiGet(`/api/v1/events/${eventId}/moderation/policy`);
      assert.equal(customised, true);
      assert.deepEqual([policy.hold_at, policy.block_at, policy.categories.links.enabled], [50, 90, false]);
      const { entries } = await apiGet(`/api/v1/events/${eventId}/room/audit`);
      assert.ok(entries.some((e: { action: string }) => e.action === 'moderation.policy.update'));
    });

    it('lists registrations with search, sorting, pages of 25, and exports them as CSV', async () => {
      const event = await server.services.events.getEvent(eventId);
      const people = [
        '张伟',
        ...Array.from({ length: 29 }, (_, i) => `Attendee ${String(i + 1).padStart(2, '0')}`),
      ];
      for (const [i, name] of people.entries()) {
        const input = registrationInput.parse({
          name,
          email: `attendee${i}@example.com`,
          phone: '+49 30 1234567',
          company: 'Acme',
          consent: true,
        });
        await server.services.registrations.register(event, input, { locale: 'en', consentText: 'ok' });
      }
      await page.locator('.tabs a', { hasText: 'Registrations' }).click();
      await page.getByText('30 registrations').waitFor();
      const rows = page.locator('.registrations-table tbody tr');
      const firstName = rows.first().locator('td').first();
      assert.equal(await rows.count(), 25);
      await page.getByText('Page 1 of 2').waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Page 2 of 2').waitFor();
      assert.equal(await rows.count(), 5);

      await page.getByRole('button', { name: 'Name' }).click();
      await page.getByText('Page 1 of 2').waitFor();
      await page.locator('th[aria-sort="ascending"]', { hasText: 'Name' }).waitFor();
      await firstName.filter({ hasText: /^Attendee 01$/ }).waitFor();

      await page.getByPlaceholder('Search name, email, company').fill('张');
      await page.getByText('1 registration', { exact: true }).waitFor();
      await firstName.filter({ hasText: /^张伟$/ }).waitFor();
      assert.equal(await rows.count(), 1);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export CSV' }).click(),
      ]);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      assert.equal(csv.charCodeAt(0), 0xfeff, 'CSV starts with a UTF-8 byte order mark for Excel');
      assert.match(csv, /张伟/);
      assert.equal(csv.trim().split(/\r?\n/).length, 31);
    });

    it('invites a sales teammate by link; they join and see the event read-only, in Chinese if they choose', async () => {
      await page.goto(admin('/team'));
      await page.getByLabel('Email').fill('sam@example.com');
      await page.getByLabel('Role', { exact: true }).selectOption('sales');
      await page.getByRole('button', { name: 'Create invitation' }).click();
      const link = await page.getByLabel('Invitation link').inputValue();
      assert.match(link, /\/admin\/#\/invite\//);

      const salesPage = await (await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' })).newPage();
      await salesPage.goto(link);
      await salesPage.getByText('sam@example.com is invited as Sales').waitFor();
      await salesPage.getByLabel('Name').fill('Sam Sales');
      await salesPage.getByLabel('Password').fill('another good password');
      await salesPage.getByRole('button', { name: 'Create my account' }).click();
      await salesPage.getByRole('heading', { name: 'Events', exact: true }).waitFor();
      assert.equal(await salesPage.getByRole('link', { name: 'New event' }).count(), 0);
      assert.equal(await salesPage.getByRole('link', { name: 'Team' }).count(), 0);

      await salesPage.getByRole('link', { name: TITLE }).click();
      await salesPage.getByLabel('Title').waitFor();
      assert.equal(await salesPage.getByLabel('Title').isDisabled(), true);
      for (const name of ['Save', 'Unpublish', 'Go live', 'Delete', 'Replace cover', 'Remove']) {
        assert.equal(await salesPage.getByRole('button', { name }).count(), 0, `sales sees "${name}"`);
      }
      await salesPage.getByRole('link', { name: 'Speakers' }).click();
      await salesPage.locator('.speaker-card', { hasText: 'Lin Wei' }).waitFor();
      assert.equal(await salesPage.getByRole('button', { name: 'Add speaker' }).count(), 0);
      assert.equal(await salesPage.getByRole('button', { name: 'Edit' }).count(), 0);

      await salesPage.goto(admin('/team'));
      await salesPage.getByText('Your role does not allow this').waitFor();

      await salesPage.goto(admin('/account'));
      await salesPage.getByLabel('Interface language').selectOption('zh-CN');
      await salesPage.getByRole('button', { name: 'Save' }).click();
      await salesPage.getByRole('heading', { name: '账户' }).waitFor();
      await salesPage.getByRole('link', { name: '活动', exact: true }).click();
      await salesPage.getByRole('link', { name: TITLE }).waitFor();
      await salesPage.locator('.badge', { hasText: '已发布' }).waitFor();
      const me = await (await salesPage.request.get(`${server.baseUrl}/api/v1/me`)).json();
      assert.equal(me.user.locale, 'zh-CN');
      assert.equal(me.user.role, 'sales');

      // The admin disables Sam: Sam's next request is refused and the console asks to sign in.
      await page.reload();
      const samRow = page.locator('tr', { hasText: 'sam@example.com' });
      await samRow.getByRole('combobox').selectOption('member');
      await samRow.getByRole('button', { name: 'Disable' }).click();
      await confirm(page, 'Confirm');
      await samRow.getByText('Disabled').waitFor();
      const { users } = await apiGet('/api/v1/users');
      const sam = users.find((u: { email: string }) => u.email === 'sam@example.com');
      assert.equal(sam.role, 'member');
      assert.ok(sam.disabled_at);
      await salesPage.getByRole('link', { name: TITLE }).click();
      await salesPage.getByRole('heading', { name: '登录 LeadCast' }).waitFor();
    });
  });
}
