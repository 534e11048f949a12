// The widget in the loader's frame on the demo marketing page, at a desktop's and a phone's
// size and at 200 % and 400 % zoom (WCAG 1.4.10 Reflow: 1280 x 1024 CSS px seen at 200 % is
// a 640 x 512 viewport, at 400 % a 320 x 256 one). On every screen of a journey the frame
// stays inside the viewport and is as tall as its step (within the viewport), nothing scrolls
// sideways, the step's main action is in view without scrolling and takes a press, the captcha
// can be ticked, the connection test shows its progress, and axe-core finds nothing.
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { fitsContent, frameFitReport } from '../support/e2e/frame-fit.ts';
import { allInView, inViewReport } from '../support/e2e/in-view.ts';
import { screenSaver } from '../support/e2e/screens.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

const sizes = [
  { name: 'desktop', width: 1280, height: 720 },
  { name: 'phone', width: 375, height: 667 },
  { name: 'zoom-200', width: 640, height: 512 },
  { name: 'zoom-400', width: 320, height: 256 },
];

describe('the widget at any size', () => {
  const save = screenSaver('reflow');
  const e2e = useStackAndChromium('widget-reflow', {
    microphone: { hz: 440, seconds: 300 },
    agents: [{ queue: 'support-en' }],
  });

  it.each(sizes)('keeps every step usable at $name size ($width x $height)', async (size) => {
    const page = await e2e.chromium.browser.newPage({
      viewport: { width: size.width, height: size.height },
    });
    /**
     * The frame sized to the step, its main action (and the launcher) in view, axe clean; a
     * screenshot kept.
     */
    const check = async (widget: Frame, screen: string, primary: string[]) => {
      // The widget reports its step's height as it lays it out: the frame follows.
      await expect
        .poll(() => frameFitReport(page, widget), { message: `the frame fits ${screen}` })
        .toEqual(fitsContent);
      for (const testId of primary)
        expect(await inViewReport(page, widget, testId), `${testId} on ${screen}`).toEqual(
          allInView,
        );
      const launcher = (await page.getByTestId('ctc-launcher').boundingBox())!;
      expect(launcher.y + launcher.height, 'the launcher is on screen').toBeLessThanOrEqual(
        size.height,
      );
      expect(await axeViolations(widget), `axe on ${screen}`).toEqual([]);
      await save(page, `${size.name}-${screen}`);
    };
    await page.goto(e2e.stack.demoUrl);
    await page.getByTestId('demo-support-link').click();
    const widget = (await (await page.getByTestId('ctc-frame').elementHandle())!.contentFrame())!;
    await widget.getByTestId('start-screen').waitFor();
    await check(widget, 'start', ['start-call']);
    await widget.getByTestId('start-call').click();

    // The captcha: no sideways scrolling, and the box can be ticked (scrolled to if need be).
    await widget.getByTestId('hcaptcha-checkbox').waitFor();
    expect(
      await widget.evaluate(
        () => scrollX === 0 && innerWidth >= document.documentElement.scrollWidth,
      ),
    ).toBe(true);
    const captcha = (await widget.locator('[data-hcaptcha-widget-id]').boundingBox())!;
    const frame = (await page.getByTestId('ctc-frame').boundingBox())!;
    expect(captcha.width, 'the captcha fits the frame').toBeLessThanOrEqual(frame.width);
    await widget.getByTestId('hcaptcha-checkbox').click();

    // The test's progress while it runs: a named bar filling over its 5 s of probing, and the
    // phase in words (the only part announced).
    await expect
      .poll(
        () =>
          widget.evaluate(() => {
            const bar = document.querySelector<HTMLProgressElement>(
              '[data-testid="connection-test-progress"]',
            );
            const status = document.querySelector('[data-testid="connection-test-status"]');
            return bar?.dataset.testPhase === 'probing' && bar.value > 12
              ? `${bar.getAttribute('aria-label')}: ${status?.textContent}`
              : 'not probing yet';
          }),
        { timeout: 15_000 },
      )
      .toBe('Connection test progress: Measuring your connection, about 5 seconds…');
    await widget.getByTestId('connection-test-next').waitFor({ timeout: 20_000 });
    await check(widget, 'connection-test', ['connection-test-next']);
    await widget.getByTestId('connection-test-next').click();

    await widget.getByTestId('sound-check-skip').waitFor();
    await check(widget, 'sound-check', ['sound-check-skip']);
    await widget.getByTestId('sound-check-record').click();
    // After the recording: CLICK TO CALL, the defect's case (it was below the fold).
    await widget.getByTestId('sound-check-call').waitFor({ timeout: 10_000 });
    await check(widget, 'sound-check-recorded', ['sound-check-call']);
    await widget.getByTestId('sound-check-call').click();

    await widget
      .locator('[data-testid="call-screen"][data-phase="talking"]')
      .waitFor({ timeout: 20_000 });
    await check(widget, 'in-call', ['call-end']);
    await widget.getByTestId('call-end').click();

    await widget.getByTestId('rating-screen').waitFor();
    await check(widget, 'rating', ['rating-send']);
    await widget.getByTestId('rating-star-1').check();
    await widget.getByTestId('rating-send').click();

    await widget.getByTestId('callback-screen').waitFor();
    await check(widget, 'callback', ['callback-send', 'callback-decline']);
    await widget.getByTestId('callback-decline').click();

    await widget.getByTestId('thanks-screen').waitFor();
    await check(widget, 'thanks', ['thanks-close']);
    await closeAndCheckFocus(page, widget);
    await page.close();
  });
});

/** Close on Thanks: the frame hides and the launcher has the focus. */
async function closeAndCheckFocus(page: Page, widget: Frame) {
  await widget.getByTestId('thanks-close').click();
  await expect.poll(() => page.getByTestId('ctc-frame').isHidden()).toBe(true);
  expect(
    await page
      .getByTestId('ctc-launcher')
      .evaluate((launcher) => document.activeElement === launcher),
  ).toBe(true);
}
