// The visitor's whole journey, written once against the browser-neutral PageDriver so that it
// runs in Chromium (Playwright) and in Firefox (puppeteer-core over WebDriver BiDi) alike:
// from the snippet on the demo marketing page to a call answered by a baresip agent, audio
// both ways, keys pressed, a 2-star rating and a callback request found in the database.
// Every screen is checked with axe-core (WCAG 2.2 AA) and saved as a screenshot.
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Stack } from '../../../infra/dev/stack.ts';
import { analyseTone, readWav } from '../../../infra/rig/tone.ts';
import type { CallbackRequestRow, RatingRow } from '../../../api/src/storage/repository.ts';
import { probeToneOfElement } from '../browser/audio-probe.ts';
import { axeViolations } from './accessibility.ts';
import { byTestId, type PageDriver, type TabDriver } from './page-driver.ts';
import { screensDir } from './screens.ts';
import { recordedClip } from './sound-check-probes.ts';

export interface VisitorJourneyRig {
  stack: Stack;
  /** A new tab of the browser under test. */
  openTab(): Promise<TabDriver>;
  /** The queue the visitor's choice ("Technical support") reaches, its agent answering. */
  agentQueue: string;
  /** The ratings and callback requests the API stored since `since`. */
  storedSince(since: Date): Promise<{ ratings: RatingRow[]; callbacks: CallbackRequestRow[] }>;
}

/** Where the fake microphone's tone is and the agent's is (infra/rig/baresip-agent.ts). */
export const visitorToneHz = 440;
const agentToneHz = 1000;

/** The keys pressed during the call, each heard to its end by the agent before the next. */
const keysPressed = ['4', '2', '#'];

/**
 * The number to call instead, under every step as in the seeds: formatted for a visitor in
 * its country, dialled as E.164.
 */
async function expectFallbackNumber(widget: PageDriver, step: string) {
  expect(await widget.text('fallback-number'), `the number to call on the ${step} step`).toBe(
    '(713) 929-3714',
  );
  expect(await widget.attribute('fallback-number', 'href')).toBe('tel:+17139293714');
}

/** Walks the whole journey in the rig's browser; fails on the first thing a visitor would see wrong. */
export async function walkVisitorJourney(rig: VisitorJourneyRig): Promise<void> {
  const startedAt = new Date();
  const page = await rig.openTab();
  const engine = page.engine;
  let screens = 0;
  /** axe-core finds nothing against WCAG 2.2 AA on the screen shown, which is then saved. */
  const check = async (name: string) => {
    expect(await axeViolations(widget), `axe on the ${name} screen in ${engine}`).toEqual([]);
    const file = `journey-${engine}-${String(++screens).padStart(2, '0')}-${name}.png`;
    await page.screenshot(join(screensDir, file), 'ctc-frame');
  };

  await page.goto(rig.stack.demoUrl);
  await page.click('ctc-launcher');
  const widget = await page.frame('ctc-frame');

  // Start: intent, language, country, and the number to call instead.
  await widget.waitFor(byTestId('start-screen'));
  expect(await widget.text('fallback-number')).toBe('(713) 929-3714');
  expect(await widget.value('start-intent')).toBe('sales');
  await widget.select('start-intent', 'support');
  // Themed from the site config: Acme's brand blue, with white text on it.
  expect(
    await widget.evaluate((selector) => {
      const style = getComputedStyle(document.querySelector(selector)!);
      return [style.backgroundColor, style.color];
    }, byTestId('start-call')),
  ).toEqual(['rgb(11, 92, 173)', 'rgb(255, 255, 255)']);
  await check('start');
  await widget.click('start-call');

  // Captcha, loaded only now.
  await widget.waitFor(byTestId('hcaptcha-checkbox'));
  await check('captcha');
  await expectFallbackNumber(widget, 'captcha');
  await widget.click('hcaptcha-checkbox');

  // Connection test on the gateway's media path: a clean loopback is Good.
  await widget.waitFor(byTestId('connection-test-next'), { timeoutMs: 20_000 });
  expect(await widget.text('connection-test-verdict')).toMatch(/Good/);
  await check('connection-test');
  await expectFallbackNumber(widget, 'connection test');
  await widget.click('connection-test-next');

  // Sound check: a clip of the microphone's tone, played back, never uploaded.
  await widget.click('sound-check-record');
  await widget.waitFor(byTestId('sound-check-play'));
  const clip = await recordedClip(widget);
  expect(
    analyseTone(clip, visitorToneHz).ratio,
    'the clip holds the microphone tone',
  ).toBeGreaterThan(0.5);
  await widget.click('sound-check-play');
  const played = await probeToneOfElement(
    widget,
    { selector: byTestId('sound-check-audio'), output: true },
    visitorToneHz,
  );
  expect(played, 'the visitor hears the clip played back').toMatchObject({ detected: true });
  await expect
    .poll(() => widget.text('sound-check-progress-text'), { timeout: 10_000 })
    .toMatch(/^0:0([23]) \/ 0:0\1$/);
  await check('sound-check');
  await expectFallbackNumber(widget, 'sound check');
  await widget.click('sound-check-call');

  // The call, answered by the agent, audio both ways.
  await widget.waitFor('[data-testid="call-screen"][data-phase="talking"]', { timeoutMs: 20_000 });
  await expect.poll(() => widget.text('call-status')).toBe(`Talking to Agent ${rig.agentQueue}`);
  expect(await widget.text('call-queue')).toContain('English Technical Support');
  const heard = await probeToneOfElement(
    widget,
    { selector: byTestId('call-audio'), output: false },
    agentToneHz,
    2000,
  );
  expect(heard, 'the agent is heard').toMatchObject({ detected: true });
  await check('in-call');
  await expectFallbackNumber(widget, 'call');

  // Keys for a queue that asks for a number: the agent hears each, to its end, in order.
  const agent = rig.stack.agents.get(rig.agentQueue)!;
  const digitsBefore = agent.dtmfReceived().length;
  const keysEnded = () => agent.events.filter((e) => e.type === 'CALL_DTMF_END').length;
  const endedBefore = keysEnded();
  await widget.click('call-keypad-toggle');
  let pressed = '';
  for (const key of keysPressed) {
    await widget.click(`call-key-${key}`);
    pressed += key;
    await expect
      .poll(() => [agent.dtmfReceived().slice(digitsBefore), keysEnded() - endedBefore], {
        timeout: 5000,
      })
      .toEqual([pressed, pressed.length]);
  }
  await widget.click('call-end');

  // Rating: 2 stars and a comment with markup, which stays text.
  await widget.waitFor(byTestId('rating-screen'));
  await widget.check('rating-star-2');
  const comment = '<script>alert(1)</script> The wait was long.';
  await widget.fill('rating-comment', comment);
  expect(await widget.text('rating-counter')).toBe(`${comment.length}/500`);
  await check('rating');
  await widget.click('rating-send');

  // A low rating: the offer to make up for it with a callback.
  await widget.waitFor(byTestId('callback-screen'));
  expect(await widget.text('callback-screen')).toContain('We would like to make up for it');
  expect(await widget.value('callback-country')).toBe('US');
  await widget.fill('callback-phone', '12');
  await widget.click('callback-send');
  expect(await widget.text('callback-problem')).toMatch(/valid phone/);
  await widget.fill('callback-phone', '(713) 555-0199');
  await widget.check('callback-consent');
  await check('callback');
  await widget.click('callback-send');
  await widget.waitFor(byTestId('thanks-screen'));
  // The number as the visitor reads it, not raw E.164.
  const thanks = await widget.text('thanks-screen');
  expect(thanks).toContain('We will call you back at (713) 555-0199.');
  expect(thanks).not.toContain('+1713');
  await check('thanks');

  // The page's analytics saw the rating, the offer it earned and the request taken, with
  // the intent and queue, and never the visitor's number or comment.
  const dataLayer = await page.evaluate(
    () => (window as unknown as { dataLayer: Record<string, unknown>[] }).dataLayer,
  );
  const call = { intent: 'support', queue: rig.agentQueue };
  expect(dataLayer.slice(-3)).toEqual([
    { event: 'click_to_call.rating_sent', ...call, stars: 2 },
    { event: 'click_to_call.callback_offered', ...call, reason: 'low_rating' },
    { event: 'click_to_call.callback_requested', ...call, why: 'low_rating' },
  ]);
  expect(JSON.stringify(dataLayer)).not.toMatch(/555|0199|wait was long/);

  // The agent heard the visitor's microphone.
  await expect.poll(async () => (await agent.listCalls()).length, { timeout: 5000 }).toBe(0);
  const received = (await agent.recordings()).filter((r) => r.direction === 'received');
  const recording = await readWav(received.at(-1)!.path);
  expect(analyseTone(recording, visitorToneHz).ratio, 'the visitor is heard').toBeGreaterThan(0.8);

  // Close from inside the widget: the embed loader hides the iframe, the launcher has the
  // focus, and reopened the widget starts afresh.
  await widget.click('thanks-close');
  await expect.poll(() => page.isVisible('ctc-frame')).toBe(false);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'ctc-launcher',
  );
  await page.click('ctc-launcher');
  await widget.waitFor(byTestId('start-screen'));
  await page.close();

  // Stored: the rating with the connection test before the call (for supervisors to tell a
  // bad line from bad service), and the callback request naming that call.
  const { ratings, callbacks } = await rig.storedSince(startedAt);
  expect(ratings.map((r) => [r.stars, r.comment])).toEqual([[2, comment]]);
  expect(ratings[0]!.connectionTest).toMatchObject({ verdict: 'good', transport: 'udp' });
  expect(callbacks.map((c) => [c.phone, c.callId])).toEqual([['+17135550199', ratings[0]!.callId]]);
}
