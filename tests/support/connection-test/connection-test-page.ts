import type { Browser, Page } from 'playwright-core';
import { serveBundledPage, type BundledPage } from '../e2e/bundled-page.ts';
import type { ConnectionTestPageWindow } from './connection-test-page.tsx';

/**
 * The page's origin is another than the API's and the gateway's: CORS is exercised as on a
 * customer's site.
 */
export type ConnectionTestPageServer = BundledPage;

/** Serves the widget's connection-test step alone, bundled by vite from the widget's sources. */
export function serveConnectionTestPage(): Promise<ConnectionTestPageServer> {
  return serveBundledPage({
    entry: new URL('./connection-test-page.tsx', import.meta.url),
    title: 'Connection test',
  });
}

/** Opens the step for a visitor with this session; it starts testing at once. */
export async function openConnectionTestPage(
  browser: Browser,
  server: ConnectionTestPageServer,
  params: { apiUrl: string; session: string; tokenOverride?: string },
): Promise<Page> {
  const page = await browser.newPage();
  if (params.tokenOverride) {
    await page.addInitScript((token) => {
      (window as unknown as ConnectionTestPageWindow).ctcTokenOverride = token;
    }, params.tokenOverride);
  }
  const url = new URL('/', server.origin);
  url.searchParams.set('api', params.apiUrl);
  url.searchParams.set('session', params.session);
  await page.goto(url.toString());
  return page;
}
