import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createEvent, publish } from '../support/fixtures.js';
import {
  ADMIN,
  addTeammate,
  dialects,
  type StaffClient,
  setupAdmin,
  skipReason,
} from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { ok, register, roomFacts, settle } from './support.js';

/**
 * The score rules editor (a refused value shown at its field, then a save and its re-score),
 * the event's Leads tab (SLA figures, settings, hand-off) and the read-only view for sales.
 */
for (const dialect of dialects) {
  describe(`score rules and event leads in Chromium (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let server: LiveServer;
    let browser: Browser;
    let page: Page;
    let admin: StaffClient;
    let sales: StaffClient;
    let endedId = '';
    let upcomingId = '';
    let contactId = '';

    before(async () => {
      server = await startServer(dialect);
      admin = await setupAdmin(server);
      sales = await addTeammate(server, admin, 'sales', 'sally@example.com');
      const event = await createEvent(admin, { slug: 'rules-in-chromium' });
      await publish(admin, event.id);
      endedId = event.id;
      const reg = await register(server, event.slug, {
        name: 'Vera VP',
        email: 'vera@acme.example',
        company: 'Acme',
        job_title: 'Vice President',
      });
      contactId = reg.contact_id;
      await roomFacts(server, event.id, reg.id, { liveSeconds: 50 * 60, interactions: ['offer_download'] });
      await settle(server);
      await ok(admin, { method: 'POST', url: `/api/v1/events/${event.id}/status`, payload: { to: 'live' } });
      await ok(admin, { method: 'POST', url: `/api/v1/events/${event.id}/status`, payload: { to: 'ended' } });
      await server.services.jobs.runDue(); // the hand-off: Vera goes to Sally
      const upcoming = await createEvent(admin, { slug: 'not-ended-yet' });
      upcomingId = upcoming.id;
      browser = await launchBrowser();
      page = await (await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Shanghai' })).newPage();
      const signIn = await page.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, {
        data: { email: ADMIN.email, password: ADMIN.password },
      });
      assert.equal(signIn.status(), 200);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const rules = async () => ok(admin, { url: '/api/v1/leads/rules' });

    it('edits a score rule: a refused value is shown at its field and changes nothing; a save re-scores everyone', async () => {
      const before = await rules();
      const scoreBefore = (await ok(admin, { url: `/api/v1/leads/${contactId}` })).lead.score as number;
      assert.deepEqual(before.rules.rules[1], { fact: 'seniority', in: ['vp'], points: 10 });
      assert.equal(before.rules.rules[0].fact, 'seniority');
      assert.equal(before.rules.rules[0].points, 15);
      const count = before.rules.rules.length;

      await page.goto(`${server.baseUrl}/admin/#/leads`);
      await page.getByRole('link', { name: 'Score rules' }).click();
      const first = page.locator('.rule-row').first();
      await first.waitFor();
      assert.equal(await page.locator('.rule-row').count(), count, 'every rule is listed');
      assert.equal(await first.locator('select[name="rules.0.fact"]').inputValue(), 'seniority');
      assert.equal(await first.locator('input[name="rules.0.values"]').inputValue(), 'c_level');
      assert.equal(await first.locator('input[name="rules.0.points"]').inputValue(), '15');
      // A per-unit rule shows its cap.
      const capped = before.rules.rules.findIndex((r: { each?: number }) => r.each !== undefined);
      assert.equal(
        await page.locator(`input[name="rules.${capped}.max_points"]`).inputValue(),
        String(before.rules.rules[capped].max_points),
      );

      // Too many points: the server refuses, the message sits under that field, nothing changes.
      await first.locator('input[name="rules.0.points"]').fill('500');
      await page.getByRole('button', { name: 'Save and re-score' }).click();
      const fieldError = first.locator('.field-error');
      await fieldError.waitFor();
      assert.equal(await fieldError.textContent(), 'Use at most 100 points either way');
      assert.equal(await first.locator('input[name="rules.0.points"]').getAttribute('aria-invalid'), 'true');
      assert.match((await page.locator('.banner-error').textContent()) ?? '', /Some fields are invalid/);
      const unchanged = await rules();
      assert.equal(unchanged.version, before.version);
      assert.deepEqual(unchanged.rules, before.rules);

      // Fix it, remove the last rule, add a capped per-unit rule, save.
      await first.locator('input[name="rules.0.points"]').fill('20');
      await page.locator('input[name="rules.1.points"]').fill('12');
      await page.getByRole('button', { name: `Remove rule ${count}`, exact: true }).click();
      await page.getByRole('button', { name: 'Add a rule' }).click();
      const added = page.locator('.rule-row').last();
      const i = count - 1;
      await added.locator(`select[name="rules.${i}.fact"]`).selectOption('cta_clicks');
      await added.locator(`select[name="rules.${i}.mode"]`).selectOption('each');
      await added.locator(`input[name="rules.${i}.count"]`).fill('1');
      await added.locator(`input[name="rules.${i}.points"]`).fill('4');
      await added.locator(`input[name="rules.${i}.max_points"]`).fill('12');
      await added.locator(`input[name="rules.${i}.label"]`).fill('clicked a call to action');
      await page.getByRole('button', { name: 'Save and re-score' }).click();
      await page.locator('.banner-success', { hasText: `Saved as version ${before.version + 1}` }).waitFor();
      assert.equal(await page.locator('.field-error').count(), 0);

      const saved = await rules();
      assert.equal(saved.version, before.version + 1);
      assert.equal(saved.rules.rules.length, count);
      assert.equal(saved.rules.rules[0].points, 20);
      assert.deepEqual(saved.rules.rules.at(-1), {
        fact: 'cta_clicks',
        each: 1,
        points: 4,
        max_points: 12,
        label: 'clicked a call to action',
      });
      assert.equal(saved.rules.rules[1].points, 12);
      assert.deepEqual(saved.rules.rules.slice(2, -1), before.rules.rules.slice(2, -1));
      // The re-score runs on the job queue; the page follows its progress until it is done.
      await page.locator('.rescore[data-status="running"]').waitFor();
      await server.services.jobs.runDue();
      const done = page.locator('.rescore[data-status="done"]');
      await done.waitFor();
      const run = (await ok(admin, { url: `/api/v1/leads/rescores/${saved.rescore.id}` })).rescore;
      assert.deepEqual([run.status, run.done, run.total], ['done', 1, 1]);
      // Vera (a VP) got the two extra points of the changed rule.
      const lead = (await ok(admin, { url: `/api/v1/leads/${contactId}` })).lead;
      assert.equal(lead.score, scoreBefore + 2);
      assert.ok(lead.breakdown.some((b: { text: string }) => b.text === '+12 VP title'));
      assert.match(
        (await done.textContent()) ?? '',
        new RegExp(`re-scored with version ${saved.version}, .+: 1 contact\\.$`),
      );
    });

    it('shows the event’s SLA figures, saves its settings and hands off only an ended event', async () => {
      await page.goto(`${server.baseUrl}/admin/#/events/${endedId}`);
      await page.locator('nav.tabs').getByRole('link', { name: 'Leads' }).click();
      const sla = page.locator('[data-testid="event-sla"]');
      await sla.locator('dd[data-figure="percent"]').waitFor();
      // Vera was handed to Sally and nobody has called her yet.
      assert.equal(await sla.locator('dd[data-figure="percent"]').textContent(), '0%');
      assert.equal(await sla.locator('dd[data-figure="median"]').textContent(), '—');
      assert.equal(await sla.locator('dd[data-figure="followed"]').textContent(), '0 / 1');

      // Sally calls 95 minutes later: now there is a median and everyone was followed up in time.
      server.clock.advance(95 * 60_000);
      const touch = await sales.request({
        method: 'POST',
        url: `/api/v1/leads/${contactId}/touches`,
        payload: { kind: 'call', outcome: 'connected' },
      });
      assert.equal(touch.statusCode, 200, touch.body);
      await page.reload();
      await sla.locator('dd[data-figure="median"]', { hasText: '1 h 35 min' }).waitFor();
      assert.equal(await sla.locator('dd[data-figure="percent"]').textContent(), '100%');

      // Settings: a refused value at its field, then a save.
      const settings = page.locator('[data-testid="event-lead-settings"]');
      await settings.locator('input[name="sla_hours"]').fill('0');
      await settings.getByRole('button', { name: 'Save' }).click();
      await settings.locator('.field-error').waitFor();
      assert.equal(
        (await ok(admin, { url: `/api/v1/events/${endedId}/leads/settings` })).settings.sla_hours,
        48,
      );
      await settings.locator('input[name="sla_hours"]').fill('24');
      await settings.locator('input[name="office_hours"]').check();
      await settings.locator('input[name="working_hours.start"]').fill('09:30');
      await settings.locator('input[name="working_hours.end"]').fill('17:30');
      await settings.getByRole('button', { name: 'Save' }).click();
      await settings.locator('.banner-success').waitFor();
      const stored = (await ok(admin, { url: `/api/v1/events/${endedId}/leads/settings` })).settings;
      assert.equal(stored.sla_hours, 24);
      assert.deepEqual(stored.working_hours, { start: '09:30', end: '17:30' });

      // Hand off now: nothing left to assign on the ended event…
      await sla.getByRole('button', { name: 'Hand off now' }).click();
      await page.locator('.modal').getByRole('button', { name: 'Hand off now' }).click();
      await sla.locator('.banner-success', { hasText: '0 leads handed off.' }).waitFor();
      // …and refused, with the server's reason, before an event has ended.
      await page.goto(`${server.baseUrl}/admin/#/events/${upcomingId}/leads`);
      const other = page.locator('[data-testid="event-sla"]');
      await other.locator('dd[data-figure="percent"]', { hasText: '—' }).waitFor();
      assert.equal(await other.locator('dd[data-figure="median"]').textContent(), '—');
      await other.getByRole('button', { name: 'Hand off now' }).click();
      await page.locator('.modal').getByRole('button', { name: 'Hand off now' }).click();
      await other
        .locator('.banner-error', { hasText: 'Leads are handed off once the event has ended' })
        .waitFor();
    });

    it('shows sales the rules read-only', async () => {
      const context = await browser.newContext({ locale: 'en-US' });
      const salesPage = await context.newPage();
      const signIn = await salesPage.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, {
        data: { email: 'sally@example.com', password: 'another good password' },
      });
      assert.equal(signIn.status(), 200);
      await salesPage.goto(`${server.baseUrl}/admin/#/leads/rules`);
      await salesPage.locator('[data-testid="rules-read-only"]').waitFor();
      assert.equal(await salesPage.locator('input[name="rules.0.points"]').inputValue(), '20');
      assert.ok(await salesPage.locator('input[name="rules.0.points"]').isDisabled());
      assert.equal(await salesPage.getByRole('button', { name: 'Save and re-score' }).count(), 0);
      assert.equal(await salesPage.getByRole('button', { name: 'Add a rule' }).count(), 0);

      // The event's assignment rules name their owner for sales too, who may not list the team.
      await ok(admin, {
        method: 'PUT',
        url: `/api/v1/events/${endedId}/leads/settings`,
        payload: {
          sla_hours: 24,
          working_hours: null,
          assignment_rules: [{ field: 'company', in: ['acme'], owner_id: sales.userId }],
        },
      });
      await salesPage.goto(`${server.baseUrl}/admin/#/events/${endedId}/leads`);
      const owner = salesPage.locator('select[name="assignment_rules.0.owner_id"]');
      await owner.waitFor();
      assert.ok(await owner.isDisabled());
      assert.equal((await owner.locator('option:checked').textContent())?.trim(), 'sales user');
      await context.close();
    });
  });
}
