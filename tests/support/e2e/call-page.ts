import type { Frame, FrameLocator, JSHandle, Page } from 'playwright-core';
import type { Stack } from '../../../infra/dev/stack.ts';

export interface CallPageOptions {
  intent: string;
  language?: string;
  country?: string;
}

/** The widget opened directly (as the embed's iframe does) for a visitor with these choices. */
export function widgetUrl(stack: Stack, options: Partial<CallPageOptions> = {}): string {
  const url = new URL(stack.widgetUrl);
  url.searchParams.set('site', 'acme');
  url.searchParams.set('api', stack.apiUrl);
  if (options.intent) url.searchParams.set('intent', options.intent);
  url.searchParams.set('language', options.language ?? 'en');
  url.searchParams.set('country', options.country ?? 'US');
  return url.toString();
}

/**
 * Walks the journey from the Start screen to a call being placed, as a visitor does: CLICK TO
 * CALL, the captcha (hCaptcha's stand-in), the connection test's verdict, and the sound check
 * skipped (tests/e2e/journey.test.ts records one).
 */
export async function walkToCall(widget: Page | Frame | FrameLocator): Promise<void> {
  await widget.getByTestId('start-call').click();
  await widget.getByTestId('hcaptcha-checkbox').click();
  await widget.getByTestId('connection-test-next').click({ timeout: 20_000 });
  await widget.getByTestId('sound-check-skip').click();
}

/** Opens the widget for a visitor of the demo site and walks to a call being placed. */
export async function openCallPage(
  page: Page,
  stack: Stack,
  options: CallPageOptions,
): Promise<void> {
  await page.goto(widgetUrl(stack, options));
  await walkToCall(page);
}

/** The agent's audio as the widget plays it. */
export async function remoteAudioStream(page: Page | Frame): Promise<JSHandle<MediaStream>> {
  return (await page.evaluateHandle(
    () => (document.querySelector('[data-testid="call-audio"]') as HTMLAudioElement).srcObject,
  )) as JSHandle<MediaStream>;
}

/**
 * The call is over: the ended call screen (no answer), after a talk the rating screen, or,
 * hung up while it rang, the offer to be called back.
 */
export const callEndedSelector =
  '[data-testid="call-screen"][data-phase="ended"], [data-testid="rating-screen"], [data-testid="abandoned-offer"]';
