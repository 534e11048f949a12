// The launcher as a visitor meets it on the demo marketing page: it says "Close" while the
// widget is open, in the page's language; opening moves the focus into the widget, Esc and
// Close bring it back to the launcher; closing mid-call keeps the call, and reopening returns
// to it, as to any step, without a new captcha.
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { walkToCall } from '../support/e2e/call-page.ts';
import { servePage } from '../support/e2e/serve-page.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

describe('the launcher', () => {
  const e2e = useStackAndChromium('embed-launcher', {
    agents: [{ queue: 'support-en' }],
    // A pale brand colour (black text is the readable one on it), on the left of the page.
    editSites: (sites) => {
      sites.sites.acme!.theme = { primaryColor: '#ffd54f', position: 'bottom-left' };
    },
  });

  const launcherState = (page: Page) =>
    page.getByTestId('ctc-launcher').evaluate((button) => ({
      text: button.textContent,
      expanded: button.getAttribute('aria-expanded'),
      focused: document.activeElement === button,
    }));
  /** The widget's document, once the loader made its frame. */
  const widgetFrame = async (page: Page): Promise<Frame> =>
    (await (await page.getByTestId('ctc-frame').elementHandle())!.contentFrame())!;
  /** What has the focus in the page: the widget's frame, and which element inside it. */
  const focusInWidget = async (page: Page) => {
    const frameFocused = await page
      .getByTestId('ctc-frame')
      .evaluate((frame) => document.activeElement === frame);
    const inside = await (
      await widgetFrame(page)
    ).evaluate(() => ({
      focused: document.hasFocus(),
      title: document.activeElement?.tagName === 'H1' ? document.activeElement.textContent : '',
    }));
    return { frameFocused, ...inside };
  };

  it('reads Close while open, focuses the widget, and gives the focus back on Esc and Close', async () => {
    const page = await e2e.chromium.browser.newPage();
    await page.goto(e2e.stack.demoUrl);
    expect(await launcherState(page)).toEqual({
      text: 'Click to call',
      expanded: 'false',
      focused: false,
    });

    await page.getByTestId('ctc-launcher').click();
    expect(await launcherState(page)).toMatchObject({ text: 'Close', expanded: 'true' });
    const widget = await widgetFrame(page);
    await widget.getByTestId('start-screen').waitFor();
    // The visitor lands on the first step's title, inside the widget.
    await expect
      .poll(() => focusInWidget(page))
      .toEqual({ frameFocused: true, focused: true, title: 'Calling from your browser' });

    // Esc closes it; the focus is back on the launcher, not on the page's body.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('ctc-frame').isHidden()).toBe(true);
    expect(await launcherState(page)).toEqual({
      text: 'Click to call',
      expanded: 'false',
      focused: true,
    });

    // Reopened by keyboard, the focus goes into the widget again; "Close" gives it back.
    await page.keyboard.press('Enter');
    await expect
      .poll(() => focusInWidget(page))
      .toEqual({ frameFocused: true, focused: true, title: 'Calling from your browser' });
    await page.getByTestId('ctc-launcher').click();
    expect(await page.getByTestId('ctc-frame').isHidden()).toBe(true);
    expect(await launcherState(page)).toMatchObject({ expanded: 'false', focused: true });
    await page.close();
  });

  it("wears the site's theme: its colour, readable text on it, its side of the page", async () => {
    const page = await e2e.chromium.browser.newPage();
    try {
      await page.goto(e2e.stack.demoUrl);
      const launcher = page.getByTestId('ctc-launcher');
      await launcher.waitFor();
      expect(
        await launcher.evaluate((button) => [
          getComputedStyle(button).backgroundColor,
          getComputedStyle(button).color,
        ]),
      ).toEqual(['rgb(255, 213, 79)', 'rgb(0, 0, 0)']);
      expect((await launcher.boundingBox())!.x).toBe(16);
      expect(await axeViolations(page), 'axe on the page with its launcher').toEqual([]);
      // The widget opens above it, on the same side.
      await launcher.click();
      expect((await page.getByTestId('ctc-frame').boundingBox())!.x).toBe(16);
    } finally {
      await page.close();
    }
  });

  it("speaks the page's language", async () => {
    const html = await (await fetch(e2e.stack.demoUrl)).text();
    const spanish = await servePage(html.replace('<html lang="en">', '<html lang="es">'), {});
    const page = await e2e.chromium.browser.newPage();
    try {
      await page.goto(spanish.url);
      expect(await launcherState(page)).toMatchObject({ text: 'Llamar ahora' });
      await page.getByTestId('ctc-launcher').click();
      expect(await launcherState(page)).toMatchObject({ text: 'Cerrar', expanded: 'true' });
      expect(await page.getByTestId('ctc-frame').getAttribute('title')).toBe('Llamar ahora');
    } finally {
      await page.close();
      await spanish.close();
    }
  });

  it('keeps the call when closed mid-call, and returns to it, as to any step, without a new captcha', async () => {
    const page = await e2e.chromium.browser.newPage();
    await page.goto(e2e.stack.demoUrl);
    await page.getByTestId('demo-support-link').click();
    const widget = await widgetFrame(page);
    await walkToCall(widget);
    const talking = widget.locator('[data-testid="call-screen"][data-phase="talking"]');
    await talking.waitFor({ timeout: 20_000 });
    const agent = e2e.stack.agents.get('support-en')!;
    expect(await agent.listCalls()).toHaveLength(1);

    // "Close", pressed mid-call: the widget hides, the call goes on (its timer keeps counting
    // in the hidden widget, the agent still has it).
    await page.getByTestId('ctc-launcher').click();
    expect(await page.getByTestId('ctc-frame').isHidden()).toBe(true);
    const timer = widget.getByTestId('call-timer');
    const hiddenAt = await timer.textContent();
    await expect.poll(() => timer.textContent()).not.toBe(hiddenAt);
    expect(await agent.listCalls()).toHaveLength(1);
    expect(await talking.count()).toBe(1);

    // Reopened: the same call, on screen, with its controls.
    await page.getByTestId('ctc-launcher').click();
    await widget.getByTestId('call-end').waitFor();
    expect(await talking.count()).toBe(1);
    await widget.getByTestId('call-end').click();
    await widget.getByTestId('rating-screen').waitFor();
    await expect.poll(async () => (await agent.listCalls()).length).toBe(0);

    // Closed on the rating screen and reopened: still there.
    await page.keyboard.press('Escape');
    await page.getByTestId('ctc-launcher').click();
    await widget.getByTestId('rating-skip').click();
    // Done: Close on Thanks ends the journey; reopened, the widget starts afresh, and the
    // visitor's session spares them a second captcha.
    await widget.getByTestId('thanks-close').click();
    await expect.poll(() => page.getByTestId('ctc-frame').isHidden()).toBe(true);
    await page.getByTestId('ctc-launcher').click();
    await widget.getByTestId('start-call').click();
    await widget.getByTestId('connection-test').waitFor();
    expect(await widget.getByTestId('captcha-screen').count()).toBe(0);
    await page.close();
  });
});
