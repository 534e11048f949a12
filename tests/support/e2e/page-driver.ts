// What a browser journey needs of a page, whatever drives the browser: Playwright drives
// Chromium, puppeteer-core drives Firefox over WebDriver BiDi. Steps written against this run
// in both (visitor-journey.ts), so the journey is written once.

export type BrowserEngine = 'chromium' | 'firefox';

/** The CSS selector of the element with this `data-testid`. */
export const byTestId = (testId: string): string => `[data-testid="${testId}"]`;

export interface WaitForOptions {
  /** Default 10 s: a screen that loads code or opens the microphone on two busy cores. */
  timeoutMs?: number;
  /** 'visible' (the default), 'attached' (in the DOM, shown or not) or 'hidden'. */
  state?: 'visible' | 'attached' | 'hidden';
}

/**
 * A page, or a frame inside one. Element methods take a `data-testid` and wait (up to 10 s
 * unless told) until the element is there, as a visitor would wait for it to appear.
 */
export interface PageDriver {
  readonly engine: BrowserEngine;
  /** Waits for the element matching a CSS selector to reach `state`. */
  waitFor(selector: string, options?: WaitForOptions): Promise<void>;
  click(testId: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Replaces the text of an input or textarea, typed as a visitor would. */
  fill(testId: string, text: string): Promise<void>;
  /** Checks a checkbox or radio button, and fails if it did not end up checked. */
  check(testId: string): Promise<void>;
  /** Selects the option with this value in a <select>. */
  select(testId: string, value: string): Promise<void>;
  /** The element's textContent ('' when it has none). */
  text(testId: string): Promise<string>;
  /** The value of an input, select or textarea. */
  value(testId: string): Promise<string>;
  attribute(testId: string, name: string): Promise<string | null>;
  /** How many elements match a CSS selector now (no waiting). */
  count(selector: string): Promise<number>;
  /** Whether the element is shown now (no waiting; false when absent). */
  isVisible(testId: string): Promise<boolean>;
  /**
   * Runs `fn` in the page with one serialisable argument. `fn` is sent as source text: it
   * must not close over anything of the test's module.
   */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Runs a script's source text in the page (e.g. a library to inject). */
  evaluateScript(source: string): Promise<void>;
  /** Saves a PNG of what is shown: the element with `testId`, or the whole viewport. */
  screenshot(path: string, testId?: string): Promise<void>;
}

/** A browser tab: a page driver that can also navigate, enter an iframe and close. */
export interface TabDriver extends PageDriver {
  goto(url: string): Promise<void>;
  /** The document inside the iframe with this `data-testid`, once it is there. */
  frame(testId: string): Promise<PageDriver>;
  close(): Promise<void>;
}
