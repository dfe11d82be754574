import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { registrationInput } from '../../src/registration/schemas.js';
import { launchBrowser } from '../support/browser.js';
import { createEvent, publish } from '../support/fixtures.js';
import { ADMIN, setupAdmin } from '../support/harness.js';
import { type LiveServer, startServer } from '../support/server.js';
import { signIn } from './support/console.js';

interface StripLayout {
  scrollable: boolean;
  clipped: string[];
  activeInView: boolean;
  pageWidth: number;
}

/** How a strip of links lays out: scrollable, no link cut inside itself, the current one in view. */
const strip = (page: Page, selector: string) =>
  page.evaluate<StripLayout>(`(() => {
    const strip = document.querySelector(${JSON.stringify(selector)});
    const box = strip.getBoundingClientRect();
    const links = [...strip.querySelectorAll('a')];
    const active = strip.querySelector('[aria-current="page"]').getBoundingClientRect();
    return {
      scrollable: ['auto', 'scroll'].includes(getComputedStyle(strip).overflowX),
      clipped: links.filter((a) => a.scrollWidth > a.clientWidth + 1).map((a) => a.textContent.trim()),
      activeInView: active.left >= box.left - 1 && active.right <= box.right + 1,
      pageWidth: document.scrollingElement.scrollWidth,
    };
  })()`);

/** The console at 360×740: navigation and tabs reachable and readable, registration cards unbroken. */
describe('the console on a phone (360×740), in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let page: Page;
  let eventId = '';

  before(async () => {
    server = await startServer('sqlite');
    const admin = await setupAdmin(server);
    const event = await createEvent(admin, { title: 'Phone-first webinars' });
    eventId = event.id;
    await publish(admin, event.id);
    const row = await server.services.events.getEvent(event.id);
    for (const email of [
      'grace.hopper@example.com',
      'li.lei.a-very-long-address-that-wraps@example-enterprise-customer.com',
    ]) {
      const input = registrationInput.parse({
        name: email.startsWith('grace') ? 'Grace Hopper' : 'Li Lei',
        email,
        phone: '+86 138 0013 8000',
        company: 'Acme',
        consent: true,
      });
      await server.services.registrations.register(row, input, { locale: 'en', consentText: 'ok' });
    }
    browser = await launchBrowser();
    page = await (
      await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    ).newPage();
    await page.goto(`${server.baseUrl}/admin/#/sign-in`);
    await signIn(page, ADMIN.email, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('scrolls the top navigation sideways with the current page in view and no label cut', async () => {
    await page.goto(`${server.baseUrl}/admin/#/account`);
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    const nav = await strip(page, '.topbar nav');
    assert.equal(nav.scrollable, true);
    assert.deepEqual(nav.clipped, []);
    assert.equal(nav.activeInView, true, 'the current page ("Account") is scrolled into view');
    assert.ok(nav.pageWidth <= 360, `the page is ${nav.pageWidth} px wide`);
  });

  it('brings the current event tab into view, and registration cards wrap addresses between their parts', async () => {
    await page.goto(`${server.baseUrl}/admin/#/events/${eventId}/registrations`);
    await page.locator('.registrations-table').waitFor();
    const tabs = await strip(page, 'nav.tabs');
    assert.equal(tabs.scrollable, true);
    assert.deepEqual(tabs.clipped, []);
    assert.equal(tabs.activeInView, true, 'the current tab ("Registrations") is scrolled into view');
    assert.ok(tabs.pageWidth <= 360, `the page is ${tabs.pageWidth} px wide`);

    const cells = await page.evaluate<{ text: string; lines: number; overflows: boolean }[]>(`
      [...document.querySelectorAll('.registrations-table td')].filter((td) => /@|\\+86/.test(td.textContent))
        .map((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          return { text: td.textContent, lines: tops.size, overflows: td.scrollWidth > td.clientWidth + 1 };
        })`);
    const cell = (start: string) => cells.find((c) => c.text.startsWith(start));
    assert.equal(cell('grace.hopper@')?.lines, 1, 'an ordinary address stays on one line');
    assert.equal(cell('+86')?.lines, 1, 'a phone number is never broken');
    const long = cell('li.lei.');
    assert.ok(
      long && !long.overflows && long.lines > 1,
      `the long address wraps inside its card: ${JSON.stringify(long)}`,
    );
    // Each line break falls before an "@" or a "." of the address or after a hyphen, never inside a word.
    const words = await page.evaluate<string[]>(`(() => {
      const td = [...document.querySelectorAll('.registrations-table td')].find((x) => x.textContent.startsWith('li.lei.'));
      const range = document.createRange();
      const text = td.textContent;
      const lines = [];
      let line = '', top = null;
      const node = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      while (node.nextNode()) {
        for (let i = 0; i < node.currentNode.length; i++) {
          range.setStart(node.currentNode, i); range.setEnd(node.currentNode, i + 1);
          const t = Math.round(range.getBoundingClientRect().top);
          if (top !== null && t > top) { lines.push(line); line = ''; }
          top = t; line += node.currentNode.data[i];
        }
      }
      lines.push(line);
      return lines;
    })()`);
    for (const [i, line] of words.entries())
      if (i > 0)
        assert.ok(/^[@.]/.test(line) || words[i - 1]?.endsWith('-'), `lines: ${JSON.stringify(words)}`);
  });
});
