// axe-core in the page: its source is injected as a script (the app's CSP governs the app's own
// scripts; Playwright's evaluate runs outside it), then run over the whole document.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

function source(): string {
  if (axeSource === undefined) {
    try {
      axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    } catch {
      throw new Error('axe-core is missing: run `npm ci` (it is a devDependency)');
    }
  }
  return axeSource;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
  summary: string;
}

/** The serious and critical violations on the page as it is now (WCAG 2.1 A and AA, and best practice). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(source());
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } })
      .axe;
    return (await axe.run(
      { exclude: [] },
      {
        resultTypes: ['violations'],
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      },
    )) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[]; failureSummary?: string }[];
      }[];
    };
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
      summary: v.nodes
        .map((n) => n.failureSummary ?? '')
        .join(' | ')
        .slice(0, 600),
    }));
}
