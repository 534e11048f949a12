import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import {
  byTestId,
  type BrowserEngine,
  type PageDriver,
  type TabDriver,
  type WaitForOptions,
} from './page-driver.ts';

const defaultTimeoutMs = 10_000;

/**
 * A puppeteer-core page or frame behind the browser-neutral PageDriver: Firefox over WebDriver
 * BiDi here. Clicks and typing go through puppeteer's locators, which wait for the element to
 * be visible, enabled and still, and scroll it into view, as Playwright's do.
 */
export function puppeteerPageDriver(
  target: Page | Frame,
  engine: BrowserEngine = 'firefox',
): PageDriver {
  const locate = (testId: string, timeoutMs = defaultTimeoutMs) =>
    target.locator(byTestId(testId)).setTimeout(timeoutMs);
  /** The element, once it is in the DOM; fails after the default timeout otherwise. */
  const attached = async (testId: string): Promise<ElementHandle> => {
    const element = await target.waitForSelector(byTestId(testId), { timeout: defaultTimeoutMs });
    if (!element) throw new Error(`${byTestId(testId)} did not appear`);
    return element;
  };
  return {
    engine,
    async waitFor(selector: string, options: WaitForOptions = {}) {
      const state = options.state ?? 'visible';
      await target.waitForSelector(selector, {
        timeout: options.timeoutMs ?? defaultTimeoutMs,
        visible: state === 'visible',
        hidden: state === 'hidden',
      });
    },
    async click(testId, options = {}) {
      await locate(testId, options.timeoutMs).click();
    },
    async fill(testId, text) {
      await locate(testId).fill(text);
    },
    async check(testId) {
      await locate(testId).click();
      const checked = await (
        await attached(testId)
      ).evaluate((element) => (element as HTMLInputElement).checked);
      if (!checked) throw new Error(`${byTestId(testId)} is not checked after a click`);
    },
    async select(testId, value) {
      await attached(testId);
      const selected = await target.select(byTestId(testId), value);
      if (!selected.includes(value)) throw new Error(`${byTestId(testId)} has no option ${value}`);
    },
    async text(testId) {
      return (await attached(testId)).evaluate((element) => element.textContent ?? '');
    },
    async value(testId) {
      return (await attached(testId)).evaluate((element) => (element as HTMLInputElement).value);
    },
    async attribute(testId, name) {
      return (await attached(testId)).evaluate(
        (element, attribute) => element.getAttribute(attribute),
        name,
      );
    },
    async count(selector) {
      return (await target.$$(selector)).length;
    },
    async isVisible(testId) {
      const element = await target.$(byTestId(testId));
      return element ? element.isVisible() : false;
    },
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
      return target.evaluate(fn as (arg: unknown) => Promise<R>, arg) as Promise<R>;
    },
    async evaluateScript(source) {
      await target.evaluate(source);
    },
    async screenshot(path, testId) {
      // A frame has no viewport of its own: its root element stands for it.
      const element = testId ? await attached(testId) : await target.waitForSelector('html');
      await element?.screenshot({ path });
    },
  };
}

/** A puppeteer page as a tab: navigation, its iframes, closing. */
export function puppeteerTabDriver(page: Page, engine: BrowserEngine = 'firefox'): TabDriver {
  const driver = puppeteerPageDriver(page, engine);
  return {
    ...driver,
    async screenshot(path, testId) {
      if (testId) await driver.screenshot(path, testId);
      else await page.screenshot({ path });
    },
    async goto(url) {
      await page.goto(url);
    },
    async frame(testId) {
      const element = await page.waitForSelector(byTestId(testId), { timeout: defaultTimeoutMs });
      const frame = await element?.contentFrame();
      if (!frame) throw new Error(`no iframe ${byTestId(testId)} with a document in it`);
      return puppeteerPageDriver(frame, engine);
    },
    close: () => page.close(),
  };
}
