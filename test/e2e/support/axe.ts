import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (every rule it enables by default: WCAG 2.0–2.2 A/AA and best practices
 * such as landmarks, regions and heading order) on the page as it is now, and returns the
 * violations in a form that reads well in an assertion message.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.addScriptTag({ content: axe.source });
  // The test's tsconfig has no DOM types: the page-side code is a string.
  const results = await page.evaluate<axe.AxeResults>("axe.run(document, { resultTypes: ['violations'] })");
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** One line per violation: rule, impact and the first few elements it names. */
export const describeFindings = (findings: AxeFinding[]) =>
  findings.map((f) => `${f.rule} (${f.impact}): ${f.help} — ${f.targets.slice(0, 3).join(', ')}`).join('\n');
