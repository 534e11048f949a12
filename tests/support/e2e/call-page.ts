import type { JSHandle, Page } from 'playwright-core';
import type { Stack } from '../../../infra/dev/stack.ts';

export interface CallPageOptions {
  intent: string;
  language?: string;
  country?: string;
}

/** Opens the widget's call screen for a visitor of the demo site with the given choices. */
export async function openCallPage(
  page: Page,
  stack: Stack,
  options: CallPageOptions,
): Promise<void> {
  const url = new URL(stack.widgetUrl);
  url.searchParams.set('site', 'acme');
  url.searchParams.set('api', stack.apiUrl);
  url.searchParams.set('intent', options.intent);
  url.searchParams.set('language', options.language ?? 'en');
  url.searchParams.set('country', options.country ?? 'US');
  await page.goto(url.toString());
}

/** The agent's audio as the widget plays it. */
export async function remoteAudioStream(page: Page): Promise<JSHandle<MediaStream>> {
  return (await page.evaluateHandle(
    () => (document.querySelector('[data-testid="call-audio"]') as HTMLAudioElement).srcObject,
  )) as JSHandle<MediaStream>;
}

export async function callPhase(page: Page): Promise<string | null> {
  return page.getAttribute('[data-testid="call-screen"]', 'data-phase');
}
