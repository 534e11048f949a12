import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../../../infra/rig/run-dir.ts';

/** Where the journey's screenshots go, for people to look at (kept by CI with test-results/). */
export const screensDir = join(REPO_ROOT, 'test-results', 'screens');

/** Saves a numbered screenshot of the widget (its iframe, or the page) under `name`. */
export function screenSaver(prefix: string) {
  mkdirSync(screensDir, { recursive: true });
  let n = 0;
  return async (what: Page | Locator, name: string): Promise<string> => {
    const path = join(screensDir, `${prefix}-${String(++n).padStart(2, '0')}-${name}.png`);
    await what.screenshot({ path });
    return path;
  };
}
