import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { sessionCookieName } from '../../../api/src/supervisor/supervisor-session.ts';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { seedCallbacks, type SeededCallbacks } from '../api/seed-callbacks.ts';
import { seedCalls, type SeededCalls } from '../api/seed-calls.ts';
import { seedReview, supervisor } from '../api/seed-review.ts';
import { startTestApi, type TestApi } from '../api/test-api.ts';
import { launchChromium, type RigBrowser } from '../browser/chromium.ts';

export interface SupervisorReview {
  /**
   * The API, its database seeded once for the file with the review data (seed-review.ts) and
   * callback requests of every kind (seed-callbacks.ts) and calls (seed-calls.ts).
   */
  readonly api: TestApi;
  readonly callbacks: SeededCallbacks;
  readonly calls: SeededCalls;
  /** Where the API is served: http://localhost:PORT. */
  readonly base: string;
  /** A page in this test's own browser context: no cookie, nobody signed in. */
  readonly page: Page;
}

/**
 * Call once at the top of a supervisor browser test file: the real API app on loopback with
 * the review data seeded, and Chromium, for the whole file; a fresh browser context for each
 * test, so no test inherits another's sign-in, filters or page. The seeded data is for
 * reading: a test that changes data makes its own rows (a fresh API per test would cost
 * seconds each, mostly loading PGlite).
 */
export function useSupervisorReview(): SupervisorReview {
  let shared:
    | {
        api: TestApi;
        callbacks: SeededCallbacks;
        calls: SeededCalls;
        server: ServerType;
        base: string;
        chromium: RigBrowser;
      }
    | undefined;
  let current: { context: BrowserContext; page: Page } | undefined;

  beforeAll(async () => {
    const api = await startTestApi((file) => {
      file.sites.acme!.limits = { ...file.sites.acme!.limits, sessionsPerIpPerMinute: 100 };
    });
    let server: ServerType | undefined;
    try {
      await seedReview(api);
      const callbacks = await seedCallbacks(api);
      const calls = await seedCalls(api);
      const port = await new Promise<number>((resolve) => {
        server = serve(
          { fetch: api.app.fetch, hostname: '127.0.0.1', port: 0 },
          (info: AddressInfo) => resolve(info.port),
        );
      });
      // localhost: a secure context, so Chromium keeps the Secure session cookie over HTTP.
      const base = `http://localhost:${port}`;
      shared = { api, callbacks, calls, server: server!, base, chromium: await launchChromium() };
    } catch (error) {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await api.close();
      throw error;
    }
  });
  afterAll(async () => {
    await shared?.chromium.close();
    await new Promise((resolve) => shared?.server.close(resolve) ?? resolve(undefined));
    await shared?.api.close();
  });

  beforeEach(async () => {
    const context = await started().chromium.browser.newContext({ acceptDownloads: true });
    current = { context, page: await context.newPage() };
  });
  afterEach(async () => {
    await current?.context.close();
    current = undefined;
  });

  const started = () => {
    if (!shared) throw new Error('the supervisor review is not started yet');
    return shared;
  };
  return {
    get api() {
      return started().api;
    },
    get callbacks() {
      return started().callbacks;
    },
    get calls() {
      return started().calls;
    },
    get base() {
      return started().base;
    },
    get page() {
      if (!current) throw new Error('the page exists only while a test runs');
      return current.page;
    },
  };
}

// The session cookie of the first sign-in through the form, per API. The API allows an
// address 10 sign-ins a minute of its clock, which stands still in these files: later tests
// carry that cookie in their own browser context, as a supervisor's next tab would.
const sessionCookies = new Map<string, Cookie[]>();

/** Signs the seeded supervisor in (through the form the first time), and waits for the page. */
export async function signIn(page: Page, base: string): Promise<void> {
  const saved = sessionCookies.get(base);
  if (saved) {
    await page.context().addCookies(saved);
    await page.goto(`${base}/supervisor`);
  } else {
    await page.goto(`${base}/supervisor/login`);
    await page.getByTestId('login-username').fill(supervisor.username);
    await page.getByTestId('login-password').fill(supervisor.password);
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('signed-in-as').waitFor();
  if (!saved) {
    const cookies = await page.context().cookies(`${base}/supervisor`);
    sessionCookies.set(
      base,
      cookies.filter((cookie) => cookie.name === sessionCookieName),
    );
  }
}
