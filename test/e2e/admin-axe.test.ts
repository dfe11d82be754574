import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { type LiveServer, startServer } from '../support/server.js';
import { type StopResult, seedTour, tourParts } from './support/a11y-tour.js';
import { describeFindings } from './support/axe.js';

/**
 * axe-core on every console and audience page in English and Chinese, at laptop and phone
 * sizes, including tabs, dialogs, menus and error states: no violation of any impact.
 * With AXE_REPORT=<file> the stops and their results are also written there as Markdown
 * (bench/audience/AXE.md is made this way).
 */
describe('accessibility (axe-core) of the console and audience pages', () => {
  let server: LiveServer;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof seedTour>>;
  const all: StopResult[] = [];

  before(async () => {
    server = await startServer('sqlite');
    browser = await launchBrowser();
    world = await seedTour(server, server.baseUrl);
  });
  after(async () => {
    if (process.env.AXE_REPORT) fs.writeFileSync(process.env.AXE_REPORT, report(all));
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    for (const [part, run] of Object.entries(tourParts)) {
      it(`${part} (${locale}): no violation`, async () => {
        const results = await run(browser, world, locale);
        all.push(...results);
        assert.ok(results.length > 0);
        const failing = results.filter((r) => r.findings.length > 0);
        assert.deepEqual(
          failing.map((r) => r.stop),
          [],
          failing.map((r) => `[${r.locale}] ${r.stop}\n${describeFindings(r.findings)}`).join('\n\n'),
        );
      });
    }
  }
});

function report(results: StopResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.locale} | ${r.stop.replace(/\/events\/[a-z0-9]{26}/, '/events/:id').replace(/\/(leads|templates)\/[\w-]+$/, '/$1/:id')} | ${r.findings.length === 0 ? '0' : r.findings.map((f) => `${f.rule} (${f.impact})`).join(', ')} |`,
  );
  const failing = results.filter((r) => r.findings.length > 0).length;
  return `# axe-core on the console and audience pages

axe-core ${JSON.parse(fs.readFileSync('node_modules/axe-core/package.json', 'utf8')).version}, every rule it runs by
default (WCAG 2.0–2.2 A and AA, best practices), Debian Chromium, ${new Date().toISOString().slice(0, 10)}.
Made by \`AXE_REPORT=bench/audience/AXE.md node scripts/test.mjs admin-axe\` (the same tour as the
browser test test/e2e/admin-axe.test.ts, which fails on any violation).

**${results.length} page states checked, ${failing} with violations.**

| language | page or state | violations |
| -------- | ------------- | ---------- |
${rows.join('\n')}
`;
}
