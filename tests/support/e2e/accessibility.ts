import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import type { PageDriver } from './page-driver.ts';
import { playwrightPageDriver } from './playwright-page-driver.ts';

// import.meta.resolve, which knip follows: the dependency is seen as used.
const axeSource = readFileSync(new URL(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

/** WCAG 2.2 AA, as axe-core tags it (the 2.0 and 2.1 A/AA rules included). */
const wcag22aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page or frame as it is now; returns what it finds against WCAG 2.2 AA. */
export async function axeViolations(target: Page | Frame | PageDriver): Promise<AxeViolation[]> {
  const page = 'engine' in target ? target : playwrightPageDriver(target);
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluateScript(axeSource);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(...a: unknown[]): Promise<unknown> } }).axe;
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
  }, wcag22aa);
}
