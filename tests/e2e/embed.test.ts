import { describe, expect, it } from 'vitest';
import { walkToCall } from '../support/e2e/call-page.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

type DemoWindow = Window & {
  dataLayer?: { event: string; reason?: string }[];
  ClickToCall: { open(o?: { intent?: string }): void; close(): void };
};

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
        'click_to_call.captcha_passed',
        'click_to_call.connection_tested',
        'click_to_call.call_started',
        'click_to_call.call_answered',
        'click_to_call.call_ended',
      ]);
    const ended = await page.evaluate(() => (window as unknown as DemoWindow).dataLayer?.at(-1));
    expect(ended).toMatchObject({ reason: 'visitor_hung_up' });
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
    expect(await page.getByTestId('ctc-frame').count()).toBe(0);
    // The page tells us through an exposed function, whose calls reach us asynchronously.
    await expect.poll(() => events).toEqual(['closed']);
    await page.close();
  });

  it("cannot be framed by a page outside the site's allowed origins", async () => {
    const page = await e2e.chromium.browser.newPage();
    // The same demo page, reached under another origin (localhost is not 127.0.0.1).
    await page.goto(e2e.stack.demoUrl.replace('127.0.0.1', 'localhost'));
    const served = page.waitForResponse((response) => response.url().includes('/widget/'));
    await page.getByTestId('ctc-launcher').click();
    // The page itself arrives (the network is fine)...
    expect((await served).status()).toBe(200);
    const frame = await (await page.getByTestId('ctc-frame').elementHandle())!.contentFrame();
    // ...but Chromium refuses the widget (CSP frame-ancestors) and shows its error page instead.
    await expect.poll(() => frame!.url(), { timeout: 5000 }).toMatch(/^chrome-error:/);
    expect(await frame!.getByTestId('start-screen').count()).toBe(0);
    await page.close();
  });

  it('ignores messages that do not come from the widget', async () => {
    const page = await e2e.chromium.browser.newPage();
    await page.goto(e2e.stack.demoUrl);
    await page.evaluate(() => (window as unknown as DemoWindow).ClickToCall.open());
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
