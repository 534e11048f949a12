import type { Frame, Page } from 'playwright-core';
import { byTestId, type PageDriver, type TabDriver, type WaitForOptions } from './page-driver.ts';

const defaultTimeoutMs = 10_000;

/** A Playwright page or frame (Chromium here) behind the browser-neutral PageDriver. */
export function playwrightPageDriver(target: Page | Frame): PageDriver {
  const at = (testId: string) => target.locator(byTestId(testId));
  return {
    engine: 'chromium',
    async waitFor(selector: string, options: WaitForOptions = {}) {
      await target.locator(selector).waitFor({
        state: options.state ?? 'visible',
        timeout: options.timeoutMs ?? defaultTimeoutMs,
      });
    },
    async click(testId, options = {}) {
      await at(testId).click({ timeout: options.timeoutMs ?? defaultTimeoutMs });
    },
    async fill(testId, text) {
      await at(testId).fill(text, { timeout: defaultTimeoutMs });
    },
    async check(testId) {
      await at(testId).check({ timeout: defaultTimeoutMs });
    },
    async select(testId, value) {
      await at(testId).selectOption(value, { timeout: defaultTimeoutMs });
    },
    async text(testId) {
      return (await at(testId).textContent({ timeout: defaultTimeoutMs })) ?? '';
    },
    value: (testId) => at(testId).inputValue({ timeout: defaultTimeoutMs }),
    attribute: (testId, name) => at(testId).getAttribute(name, { timeout: defaultTimeoutMs }),
    count: (selector) => target.locator(selector).count(),
    isVisible: (testId) => at(testId).isVisible(),
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
      return target.evaluate(fn as (arg: unknown) => R | Promise<R>, arg);
    },
    async evaluateScript(source) {
      await target.evaluate(source);
    },
    async screenshot(path, testId) {
      if (testId) await at(testId).screenshot({ path });
      else if ('screenshot' in target) await target.screenshot({ path });
      else await target.locator('html').screenshot({ path });
    },
  };
}

/** A Playwright page as a tab: navigation, its iframes, closing. */
export function playwrightTabDriver(page: Page): TabDriver {
  return {
    ...playwrightPageDriver(page),
    async goto(url) {
      await page.goto(url);
    },
    async frame(testId) {
      const element = await page.locator(byTestId(testId)).elementHandle();
      const frame = await element?.contentFrame();
      if (!frame) throw new Error(`no iframe ${byTestId(testId)} with a document in it`);
      return playwrightPageDriver(frame);
    },
    close: () => page.close(),
  };
}
