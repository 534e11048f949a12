import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { walkToCall } from '../support/e2e/call-page.ts';
import { servePage } from '../support/e2e/serve-page.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

type DemoWindow = Window & {
  dataLayer?: { event: string; reason?: string; [detail: string]: unknown }[];
  ClickToCall: { open(o?: { intent?: string }): void; close(): void };
};
type QueueWindow = Window & { ClickToCall?: unknown[] };

/** The loader's own console errors (Chromium adds its own about the refused frame). */
const loaderError = (page: Page) =>
  page.waitForEvent('console', {
    predicate: (message) =>
      message.type() === 'error' && message.text().startsWith('Click to call:'),
    timeout: 20_000,
  });

// The snippet on a marketing page of another origin: launcher, the widget in an iframe with
// the microphone allowed, opening from [data-click-to-call], the JS API, and the widget's
// events in the page's dataLayer, from the widget's origin only.
describe('the embed snippet on the demo marketing page', () => {
  const e2e = useStackAndChromium('embed', {
    agents: [{ queue: 'support-en' }],
  });

  it('opens the widget from the launcher, places a call and reports it to the dataLayer', async () => {
    const page = await e2e.chromium.browser.newPage();
    await page.goto(e2e.stack.demoUrl);
    await page.getByTestId('ctc-launcher').click();
    const frameElement = page.getByTestId('ctc-frame');
    expect(await frameElement.getAttribute('allow')).toBe('microphone; autoplay');
    const src = new URL((await frameElement.getAttribute('src'))!);
    expect(src.origin).not.toBe(new URL(e2e.stack.demoUrl).origin);
    expect(src.searchParams.get('site')).toBe('acme');

    const widget = page.frameLocator('[data-testid="ctc-frame"]');
    await widget.getByTestId('start-intent').selectOption('support');
    await walkToCall(widget);
    await widget
      .locator('[data-testid="call-screen"][data-phase="talking"]')
      .waitFor({ timeout: 20_000 });

    // The call screen's title names the agent, as the seeds' header does; the timer is large
    // enough to read at a glance; the number to call instead stays under the call.
    await expect
      .poll(() => widget.locator('#call-step-title').textContent())
      .toBe('Talking to Agent support-en');
    const timer = widget.getByTestId('call-timer');
    expect(await timer.textContent()).toMatch(/^\d\d:\d\d$/);
    expect(
      await timer.evaluate((element) => parseFloat(getComputedStyle(element).fontSize)),
    ).toBeGreaterThanOrEqual(24);
    expect(await widget.getByTestId('fallback-number').getAttribute('href')).toBe(
      'tel:+17139293714',
    );
    // Mute is a toggle: pressed for screen readers, and seen to be (filled, mic struck out).
    const mute = widget.getByTestId('call-mute');
    const looks = () => mute.evaluate((button) => getComputedStyle(button).backgroundColor);
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    const unmuted = await looks();
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    expect(await looks()).not.toBe(unmuted);
    expect(await widget.getByTestId('call-mute-struck').count()).toBe(1);
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    expect(await widget.getByTestId('call-mute-struck').count()).toBe(0);

    await widget.getByTestId('call-end').click();
    await widget.getByTestId('rating-screen').waitFor();

    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as DemoWindow).dataLayer?.map((entry) => entry.event),
        ),
      )
      .toEqual([
        'click_to_call.opened',
        'click_to_call.call_clicked',
        'click_to_call.captcha_passed',
        'click_to_call.connection_tested',
        'click_to_call.call_started',
        'click_to_call.call_answered',
        'click_to_call.call_ended',
      ]);
    // Each says what the call is about and, once routed, the queue: nothing personal.
    const call = { intent: 'support', queue: 'support-en' };
    expect(await page.evaluate(() => (window as unknown as DemoWindow).dataLayer)).toEqual([
      { event: 'click_to_call.opened' },
      { event: 'click_to_call.call_clicked', intent: 'support' },
      { event: 'click_to_call.captcha_passed', intent: 'support' },
      {
        event: 'click_to_call.connection_tested',
        ...call,
        verdict: expect.stringMatching(/^(good|acceptable|poor)$/),
      },
      { event: 'click_to_call.call_started', ...call },
      { event: 'click_to_call.call_answered', ...call },
      { event: 'click_to_call.call_ended', ...call, reason: 'visitor_hung_up' },
    ]);
    await page.close();
  });

  it('fetches the part for an open widget only once the visitor reaches for the launcher', async () => {
    const page = await e2e.chromium.browser.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/embed-frame.js') fetched.push(request.url());
    });
    await page.goto(e2e.stack.demoUrl, { waitUntil: 'networkidle' });
    // Every page view pays for embed.js alone.
    await page.getByTestId('ctc-launcher').waitFor();
    expect(fetched).toEqual([]);
    // Pointing at the launcher fetches it, beside embed.js, before the click.
    await page.getByTestId('ctc-launcher').hover();
    await expect
      .poll(() => fetched)
      .toEqual([new URL('/embed-frame.js', e2e.stack.widgetUrl).href]);
    await page.getByTestId('ctc-launcher').click();
    await page.frameLocator('[data-testid="ctc-frame"]').getByTestId('start-screen').waitFor();
    expect(fetched).toHaveLength(1);
    await page.close();
  });

  it('opens with the intent of a [data-click-to-call] link, and closes through the JS API', async () => {
    const page = await e2e.chromium.browser.newPage();
    await page.goto(e2e.stack.demoUrl);
    const events: string[] = [];
    await page.exposeFunction('recordEvent', (name: string) => events.push(name));
    await page.evaluate(() =>
      document.addEventListener('clicktocall:closed', () =>
        (window as unknown as { recordEvent(n: string): void }).recordEvent('closed'),
      ),
    );
    await page.getByTestId('demo-sales-link').click();
    const src = new URL((await page.getByTestId('ctc-frame').getAttribute('src'))!);
    expect(src.searchParams.get('intent')).toBe('sales');
    const widget = page.frameLocator('[data-testid="ctc-frame"]');
    expect(await widget.getByTestId('start-intent').inputValue()).toBe('sales');

    await page.evaluate(() => (window as unknown as DemoWindow).ClickToCall.close());
    // Hidden, not removed: the visitor's journey waits for them to reopen it.
    expect(await page.getByTestId('ctc-frame').isHidden()).toBe(true);
    // The page tells us through an exposed function, whose calls reach us asynchronously.
    await expect.poll(() => events).toEqual(['closed']);
    await page.close();
  });

  it("cannot be framed by a page outside the site's allowed origins, and says so", async () => {
    const page = await e2e.chromium.browser.newPage();
    // The same demo page, reached under another origin (localhost is not 127.0.0.1).
    const pageOrigin = new URL(e2e.stack.demoUrl.replace('127.0.0.1', 'localhost')).origin;
    await page.goto(`${pageOrigin}/`);
    const served = page.waitForResponse((response) => response.url().includes('/widget/'));
    const error = loaderError(page);
    // Handled at once: awaited below, after the frame is checked.
    error.catch(() => undefined);
    await page.getByTestId('ctc-launcher').click();
    // The page itself arrives (the network is fine)...
    expect((await served).status()).toBe(200);
    const frame = await (await page.getByTestId('ctc-frame').elementHandle())!.contentFrame();
    // ...but Chromium refuses the widget (CSP frame-ancestors) and shows its error page instead.
    await expect.poll(() => frame!.url(), { timeout: 5000 }).toMatch(/^chrome-error:/);
    expect(await frame!.getByTestId('start-screen').count()).toBe(0);
    // Not a silent grey frame: the page's developer reads what to fix.
    expect((await error).text()).toContain(`${pageOrigin} in the site's allowedOrigins`);
    await page.close();
  });

  it("says in the console when the page's CSP does not let the widget be framed", async () => {
    const page = await e2e.chromium.browser.newPage();
    // The demo page, served with a policy that frames only its own origin.
    const strict = await servePage(await (await fetch(e2e.stack.demoUrl)).text(), {
      'content-security-policy': "frame-src 'self'",
    });
    try {
      await page.goto(strict.url);
      const [error] = await Promise.all([
        loaderError(page),
        page.getByTestId('ctc-launcher').click(),
      ]);
      const widgetOrigin = new URL(e2e.stack.widgetUrl).origin;
      expect(error.text()).toContain(`${widgetOrigin} in this page's CSP frame-src`);
    } finally {
      await page.close();
      await strict.close();
    }
  });

  it('installs one launcher when the tag fires twice, and runs the commands queued before it', async () => {
    const page = await e2e.chromium.browser.newPage();
    // A tag that runs before the loader arrives queues its commands, as with dataLayer.
    await page.addInitScript(() => {
      const win = window as unknown as QueueWindow;
      win.ClickToCall = win.ClickToCall || [];
      win.ClickToCall.push(['on', 'closed', () => (document.body.dataset.heardClosed = 'yes')]);
      win.ClickToCall.push(['open', { intent: 'billing' }]);
    });
    const widgetStarts: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/widget/?')) widgetStarts.push(request.url());
    });
    await page.goto(e2e.stack.demoUrl);
    const widget = page.frameLocator('[data-testid="ctc-frame"]');
    expect(await widget.getByTestId('start-intent').inputValue()).toBe('billing');

    // The tag manager fires the tag a second time.
    await page.evaluate(
      (src) =>
        new Promise((resolve, reject) => {
          const again = document.createElement('script');
          again.src = src;
          again.dataset.site = 'acme';
          again.onload = resolve;
          again.onerror = reject;
          document.body.append(again);
        }),
      (await page.locator('script[data-site]').first().getAttribute('src'))!,
    );
    expect(await page.locator('script[data-site]').count()).toBe(2);
    expect(await page.getByTestId('ctc-launcher').count()).toBe(1);
    // Commands pushed after it arrived run at once; the listener queued before it heard.
    await page.evaluate(() => (window as unknown as QueueWindow).ClickToCall!.push(['close']));
    expect(await page.evaluate(() => document.body.dataset.heardClosed)).toBe('yes');
    // One click, one widget (the same one, reopened).
    await page.getByTestId('demo-sales-link').click();
    await widget.getByTestId('start-screen').waitFor();
    expect(await page.getByTestId('ctc-frame').count()).toBe(1);
    expect(widgetStarts).toHaveLength(1);
    await page.close();
  });

  it('ignores messages that do not come from the widget', async () => {
    const page = await e2e.chromium.browser.newPage();
    await page.goto(e2e.stack.demoUrl);
    await page.evaluate(() => (window as unknown as DemoWindow).ClickToCall.open());
    // The frame, and with it the loader's listener to the widget, is there.
    await page.getByTestId('ctc-frame').waitFor({ state: 'attached' });
    // The page itself (another origin than the widget) pretends to be the widget. Messages
    // reach every listener in the order posted: once a last one reaches ours, the loader's
    // listener has had the two before it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          window.addEventListener('message', (event) => event.data === 'test:done' && resolve());
          window.postMessage({ type: 'ctc:event', name: 'call_answered' }, '*');
          window.postMessage({ type: 'ctc:close' }, '*');
          window.postMessage('test:done', '*');
        }),
    );
    expect(
      await page.evaluate(() =>
        (window as unknown as DemoWindow).dataLayer?.map((entry) => entry.event),
      ),
    ).toEqual(['click_to_call.opened']);
    expect(await page.getByTestId('ctc-frame').count()).toBe(1);
    await page.close();
  });
});
