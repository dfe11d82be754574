// Bytes a phone downloads for each audience page (landing, confirmation, the room before the
// live), measured in Chromium at 360×740 from the DevTools protocol's encoded lengths, against
// the issue-11 budget (room before the live ≤ 150 KiB), beside the decoded bytes of the same
// responses (what went over the wire before compression). Needs `vite build` first.
// Run: node --import tsx bench/audience/run.ts
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../../test/support/browser.js';
import { createEvent, multipartFile, publish } from '../../test/support/fixtures.js';
import { setupAdmin } from '../../test/support/harness.js';
import { startServer } from '../../test/support/server.js';

/** A 32×18 PNG cover (the cover's own weight belongs to the image pipeline, not to the page). */
const COVER = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAASCAIAAAC1qksFAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAH0lEQVR4nGNQD71BU8QwasGoBaMWjFowasGoBfSwAADWU/0fvFzQPgAAAABJRU5ErkJggg==',
  'base64',
);
const BUDGET_KIB = 150;

async function transfer(page: Page, cdp: CDPSession, url: string, settle: () => Promise<unknown>) {
  const urls = new Map<string, string>();
  const sizes = new Map<string, number>();
  const decoded = new Map<string, number>();
  const onData = (e: { requestId: string; dataLength: number }) =>
    decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength);
  const onResponse = (e: { requestId: string; response: { url: string } }) =>
    urls.set(e.requestId, e.response.url);
  const onFinished = (e: { requestId: string; encodedDataLength: number }) =>
    sizes.set(e.requestId, e.encodedDataLength);
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  cdp.on('Network.dataReceived', onData);
  await page.goto(url, { waitUntil: 'networkidle' });
  await settle();
  cdp.off('Network.responseReceived', onResponse);
  cdp.off('Network.loadingFinished', onFinished);
  cdp.off('Network.dataReceived', onData);
  const items = [...sizes].map(([id, bytes]) => ({
    url: new URL(urls.get(id) ?? url).pathname,
    bytes,
    decoded: decoded.get(id) ?? 0,
  }));
  return {
    total: items.reduce((s, i) => s + i.bytes, 0),
    decoded: items.reduce((s, i) => s + i.decoded, 0),
    items,
  };
}

const server = await startServer('sqlite');
const admin = await setupAdmin(server);
const event = await createEvent(admin, { slug: 'bench-audience', starts_at: '2030-12-10T14:00' });
await admin.request({ method: 'PUT', url: `/api/v1/events/${event.id}/cover`, ...multipartFile(COVER) });
await publish(admin, event.id);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

const rows: [string, Awaited<ReturnType<typeof transfer>>][] = [];
rows.push(['landing', await transfer(page, cdp, `${server.baseUrl}/e/bench-audience`, async () => {})]);
await page.fill('#f-name', 'Bench');
await page.fill('#f-email', 'bench@example.com');
await page.fill('#f-phone', '13800138000');
await page.fill('#f-company', 'Bench Ltd');
await page.check('#f-consent');
await page.click('button[type=submit]');
await page.waitForURL(/registered/);
const joinUrl = ((await page.textContent('#join-url')) ?? '').trim();
rows.push(['confirmation', await transfer(page, cdp, page.url(), async () => {})]);
rows.push([
  'room before the live',
  await transfer(page, cdp, joinUrl, () => page.waitForSelector('.lcr[data-connected="true"]')),
]);
rows.push(['console sign-in', await transfer(page, cdp, `${server.baseUrl}/admin/`, async () => {})]);
await browser.close();
await server.close();

console.log('| page | KiB transferred | KiB decoded | largest parts (KiB transferred) |');
console.log('| --- | ---: | ---: | --- |');
for (const [name, r] of rows) {
  const largest = [...r.items]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map(
      (i) => `${i.url.replace(/\/(j|e\/[^/]+\/registered)\/[^/?]+/, '/$1/…')} ${(i.bytes / 1024).toFixed(1)}`,
    )
    .join(', ');
  console.log(`| ${name} | ${(r.total / 1024).toFixed(1)} | ${(r.decoded / 1024).toFixed(1)} | ${largest} |`);
}
const room = rows[2]?.[1].total ?? 0;
console.log(`\nroom before the live: ${(room / 1024).toFixed(1)} KiB of a ${BUDGET_KIB} KiB budget`);
if (room > BUDGET_KIB * 1024) process.exitCode = 1;
