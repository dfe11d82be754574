import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Browser, devices } from 'playwright-core';
import { Assets } from '../../src/http/assets.js';
import { launchBrowser } from '../support/browser.js';
import { addTeammate, type Harness, type StaffClient, setupAdmin, startHarness } from '../support/harness.js';
import { clientId, createEvent, register, socketUrl, TestSocket } from './support.js';

const ENTRIES = ['audience/room-panel.ts', 'studio/host-panel.ts'];

describe('room panels in headless Chromium (sqlite)', () => {
  let h: Harness;
  let admin: StaffClient;
  let base: string;
  let browser: Browser;
  let eventId: string;
  let host: TestSocket;
  const errors: string[] = [];

  before(async () => {
    if (!ENTRIES.every((e) => new Assets().has(e))) {
      const built = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
        stdio: 'inherit',
      });
      assert.equal(built.status, 0, 'browser build failed');
    }
    h = await startHarness('sqlite', { ROOM_TICK_MS: '20' });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    admin = await setupAdmin(h);
    eventId = await createEvent(h);
    host = await TestSocket.open(socketUrl(base, eventId), { headers: { cookie: admin.cookie } });
    browser = await launchBrowser();
  });
  after(async () => {
    host?.close();
    await browser?.close();
    await h?.close();
  });

  it('audience on a phone: chats, votes in a poll and downloads an offer after the short form', async () => {
    const viewer = await register(h, eventId, 'Mei Chen');
    const poll = await host.request({
      type: 'poll.create',
      question: 'Which plan?',
      kind: 'single',
      options: ['Starter', 'Growth', 'Enterprise'],
    });
    await host.request({ type: 'poll.open', pollId: poll.result.pollId });
    const offer = await host.request({
      type: 'offer.create',
      title: 'The slides',
      ctaLabel: 'Download slides',
      url: '/healthz',
      requiresForm: true,
    });
    await host.request({ type: 'offer.push', offerId: offer.result.offerId });

    const context = await browser.newContext({ ...devices['iPhone 13'] });
    const tab = await context.newPage();
    tab.on('pageerror', (err) => errors.push(err.message));
    tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await tab.goto(`${base}/j/${viewer.join_token}`);
    await tab
      .locator('.lcr[data-connected="true"]')
      .waitFor({ timeout: 5000 })
      .catch(() => assert.fail(errors.join('\n')));

    await tab.fill('input[name=chat]', 'Hello from my phone');
    await tab.click('button[type=submit]');
    await tab
      .locator('[data-testid=chat] .lcr-msg:not(.pending)', { hasText: 'Hello from my phone' })
      .waitFor();
    // One's own message offers no Report link.
    const mine = tab.locator('[data-testid=chat] .lcr-msg:not(.pending)', { hasText: 'Hello from my phone' });
    assert.equal(await mine.locator('button').count(), 0);
    const seen = await host.event(
      'chat.message',
      (e) => (e.message as { body: string }).body === 'Hello from my phone',
    );
    assert.equal((seen.message as { name: string }).name, 'Mei Chen');

    await tab.click('[data-tab=polls]');
    await tab.getByLabel('Growth').check();
    await tab.getByRole('button', { name: 'Vote' }).click();
    await tab.getByText('Thanks for voting').waitFor();

    await tab.click('[data-tab=offers]');
    await tab.getByRole('button', { name: 'Download slides' }).click();
    await tab.fill('input[name=company]', 'Acme');
    await tab.fill('input[name=job_title]', 'Head of Marketing');
    const popup = context.waitForEvent('page');
    await tab.getByRole('button', { name: 'Get it' }).click();
    await popup;
    await tab.locator('a.lcr-download').waitFor();

    const facts = await h.services.db.kysely
      .selectFrom('room_interactions')
      .select(['type', 'payload'])
      .where('registration_id', '=', viewer.id)
      .execute();
    assert.deepEqual(facts.map((f) => f.type).sort(), [
      'chat_message',
      'offer_click',
      'offer_download',
      'offer_form',
      'poll_answer',
    ]);
    const answer = facts.find((f) => f.type === 'poll_answer');
    assert.deepEqual(JSON.parse(answer?.payload ?? '{}').choices, [1]);
    await context.close();
  });

  it('host in the studio: mutes a viewer for 1 day and launches a poll', async () => {
    const viewerReg = await register(h, eventId, 'Loud Larry');
    const viewer = await TestSocket.open(socketUrl(base, eventId, { token: viewerReg.join_token }));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'lc_session', value: admin.cookie.split('=')[1] ?? '', url: base }]);
    const tab = await context.newPage();
    await tab.goto(`${base}/studio/${eventId}`);
    await tab.locator('.lcr[data-connected="true"]').waitFor();

    const sent = await viewer.request({
      type: 'chat.send',
      id: clientId(),
      body: 'THIS TALK IS SO BORING, WAKE ME UP',
    });
    const row = tab.locator(`[data-message="${sent.result.messageId}"]`);
    await row.waitFor();
    await row.locator('[data-action=mute]').click();
    await row.locator('[data-duration="1d"]').click();
    const muted = await viewer.event('you.muted');
    assert.equal(muted.duration, '1d');
    await tab.click('[data-tab=review]');
    await tab.locator(`[data-muted="${viewerReg.id}"]`).waitFor();

    await tab.click('[data-tab=engage]');
    await tab.fill('[data-testid=poll-form] input[name=question]', 'Should we go deeper on pricing?');
    await tab.fill('[data-testid=poll-form] textarea[name=options]', 'Yes\nNo');
    await tab.click('[data-testid=poll-form] button[type=submit]');
    const card = tab.locator('[data-poll][data-status=draft]', {
      hasText: 'Should we go deeper on pricing?',
    });
    await card.locator('[data-action=launch]').click();
    // The earlier test's poll is still open and its updates reach this viewer too: match this one.
    const launched = await viewer.event('poll', (e) => {
      const poll = e.poll as { status: string; question: string };
      return poll.status === 'open' && poll.question === 'Should we go deeper on pricing?';
    });
    assert.deepEqual((launched.poll as { options: string[] }).options, ['Yes', 'No']);
    const audit = (await admin.request({ url: `/api/v1/events/${eventId}/room/audit` })).json().entries;
    assert.ok(
      audit.some(
        (e: { action: string; details: { duration: string } }) =>
          e.action === 'moderation.mute' && e.details.duration === '1d',
      ),
    );
    viewer.close();
    await context.close();
  });

  it('host whose session ends: the studio says so instead of reconnecting', async () => {
    const mate = await addTeammate(h, admin, 'member', 'studio-mate@example.com');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'lc_session', value: mate.cookie.split('=')[1] ?? '', url: base }]);
    const tab = await context.newPage();
    await tab.goto(`${base}/studio/${eventId}`);
    await tab.locator('.lcr[data-connected="true"]').waitFor();
    assert.equal((await mate.request({ method: 'POST', url: '/api/v1/auth/sign-out' })).statusCode, 200);
    // The next host action finds the session gone (the 5 s re-check window is moved past).
    h.clock.advance(6000);
    await tab.click('[data-tab=engage]');
    await tab.fill('[data-testid=poll-form] input[name=question]', 'Still here?');
    await tab.fill('[data-testid=poll-form] textarea[name=options]', 'Yes\nNo');
    await tab.click('[data-testid=poll-form] button[type=submit]');
    await tab.getByRole('alert').filter({ hasText: 'Your session has ended' }).waitFor();
    await tab.locator('.lcr[data-connected="false"]').waitFor();
    await context.close();
  });
});
