import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { ADMIN, addTeammate, setupAdmin } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { signIn } from './support/console.js';

/** Sign-in's language switch and "forgot password" without SMTP: the admin's one-time link, used once. */
describe('forgotten password and language on the sign-in page, in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;

  before(async () => {
    server = await startServer('sqlite');
    const admin = await setupAdmin(server);
    await addTeammate(server, admin, 'member');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('switches the sign-in page to Chinese and back', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(`${server.baseUrl}/admin/#/sign-in`);
    await page.getByRole('heading', { name: 'Sign in to LeadCast' }).waitFor();
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '登录 LeadCast' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in to LeadCast' }).waitFor();
    await page.context().close();
  });

  it('without SMTP, says to ask an admin; the admin’s link sets a new password once', async () => {
    const member = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await member.goto(`${server.baseUrl}/admin/#/sign-in`);
    await member.getByRole('link', { name: 'Forgot your password?' }).click();
    await member.getByLabel('Email').fill('member@example.com');
    await member.getByRole('button', { name: 'Send a reset link' }).click();
    await member.getByText('Ask an administrator for a password reset link').waitFor();

    const admin = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await admin.goto(`${server.baseUrl}/admin/#/sign-in`);
    await signIn(admin, ADMIN.email, ADMIN.password);
    await admin.goto(`${server.baseUrl}/admin/#/team`);
    await admin.getByRole('button', { name: 'Password reset link for member user' }).click();
    const link = await admin
      .getByRole('textbox', { name: 'Password reset link for member user' })
      .inputValue();
    assert.match(link, /\/admin\/#\/reset\/[\w-]{43}$/);

    await member.goto(link);
    await member.getByText('For member@example.com').waitFor();
    await member.getByLabel('Password').fill('short');
    await member.getByRole('button', { name: 'Set the new password' }).click();
    await member.locator('.field.has-error').waitFor();
    await member.getByLabel('Password').fill('my new long password');
    await member.getByRole('button', { name: 'Set the new password' }).click();
    await member.getByText('Your password is set').waitFor();
    await member.getByRole('button', { name: 'Sign in' }).click();
    await signIn(member, 'member@example.com', 'my new long password');

    await member.goto(link);
    await member.reload();
    await member.getByText('This reset link is invalid, expired or already used').waitFor();
    await member.context().close();
    await admin.context().close();
  });
});
